class IngestError(Exception):
    """A file or page that cannot be processed; the message is shown to the user as the reason."""
