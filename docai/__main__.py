import sys

from docai.cli import main

sys.exit(main())
