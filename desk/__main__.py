import sys

from desk.launcher import main

sys.exit(main())
