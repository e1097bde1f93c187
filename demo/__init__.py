"""The demo: the story the source documents tell, recorded through the use cases."""
