"""``python -m docai.evaluation eval SETDIR ...``: the eval sub-command without the main CLI."""
import sys

from docai.evaluation.command import main

sys.exit(main())
