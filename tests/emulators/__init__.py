"""Local stand-ins for the platforms Baton talks to, served on loopback ports."""
