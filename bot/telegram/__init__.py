"""The chats' side: a handler per command and button, what handlers may use (``context.Deps``), who may change what."""
