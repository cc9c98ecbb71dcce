import sys

from rrdesk.cli import main

sys.exit(main())
