"""Services shared by the CLI and the app: editing with undo, the reminder service, derived caches, demo data."""
