"""A standalone engine for cell suppression: a problem in, a pattern with its witnesses out.

A *problem* is a set of published figures (cells), each the sum of some non-negative unknowns
(atoms), and *sensitive quantities* (sums of atoms) whose range, as an attacker who combines
every published cell can derive it by linear programming, must reach 0 and the threshold k.
`suppress.protect` chooses the cells to hide (primary: values in 1..k-1; complementary: until
every range is safe) and returns, for every range, an attacker's solution that proves it;
`audit.audit_pattern` checks a pattern independently, with exact LPs, and trusts only the
cells and atoms. Table families, additive lines and which cells could locate a respondent
travel inside the problem: this package knows nothing of the tables it protects.

It imports numpy, scipy and highspy only (import-linter holds it; see `README.md`).
"""
