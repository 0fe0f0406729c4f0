"""Re-record the expected results: `python -m tests.expected.record` (say why in the commit)."""

import shutil
import tempfile
from pathlib import Path

from tests.expected.workspace import RECORDED, build, outputs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        found = outputs(build(Path(tmp) / "ws"))
    shutil.rmtree(RECORDED, ignore_errors=True)
    for relative, text in found.items():
        path = RECORDED / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"recorded {len(found)} files under {RECORDED}")


if __name__ == "__main__":
    main()
