import json

from dashboards.site.releases import monthly_releases


def test_the_trends_leave_provisional_months_out(tmp_path):
    for month, provisional in (("2026-10", False), ("2026-11", True)):
        folder = tmp_path / "collaborative" / month
        folder.mkdir(parents=True)
        manifest = {"audience": "collaborative", "period": month, "tables": []}
        if provisional:
            manifest["provisional"] = True
        (folder / "manifest.json").write_text(json.dumps(manifest))
    assert [m.period for m in monthly_releases(tmp_path)] == ["2026-10"]
