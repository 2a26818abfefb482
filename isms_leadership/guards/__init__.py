"""The rules of core/ applied to records on every door: who may approve, what was approved,
what a request may change."""
