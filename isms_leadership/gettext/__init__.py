"""Translation tooling of the app; the catalogues themselves live in ``isms_leadership/locale``."""
