"""Every read of the database the rest of the app shares."""
