"""Pure domain code at the bottom of the layers: it imports nothing from storage, handlers, jobs or bot."""
