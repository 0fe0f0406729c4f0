"""Disclosure control: primary and secondary cell suppression, the ledger, and the audit.

Protection rule (workspace-and-cli.md): no published count is in 1..k-1, and every hidden
small quantity stays hidden against someone who combines everything ever published, using
the additive relations and non-negativity: the range they can derive must reach 0 and k.
"""
