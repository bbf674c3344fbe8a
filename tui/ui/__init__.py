"""Everything Textual: the app, its screens, dialogs, widgets and styles."""
