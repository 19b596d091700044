"""The guidance plugin: recommendations from versioned rules over the user's finances, each saying why."""
