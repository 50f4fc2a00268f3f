"""OCR and layout: engines behind small interfaces, and the stages that run them on pages."""
