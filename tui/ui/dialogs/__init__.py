"""Modal dialogs: each a typed ``ModalScreen[T]`` that dismisses with its result."""
