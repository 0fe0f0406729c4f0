"""Release tables: the contract's published tables, built from atoms so they can be protected.

An atom is the finest piece a table is built from: one partner group's count for one month
and one cell of the finest classification (e.g. services: home region × need × outcome).
Every published cell is a sum of atoms; so is every quantity an attacker might try to derive.
"""
