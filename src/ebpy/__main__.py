import sys

from ebpy.cli.main import main

sys.exit(main())
