"""Web chat: the `/chat/ws` WebSocket, the embeddable widget and the demo page."""
