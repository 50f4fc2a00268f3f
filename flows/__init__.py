"""Prefect flows that wrap docai library calls. The docai package never imports prefect."""
