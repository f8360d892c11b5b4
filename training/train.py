#!/usr/bin/env python3
"""Train the shipped parser model: the same as `refparse train` (see `refparse train --help`)."""

import argparse
import sys

from refparse.commands import train

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=train.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    train.add_arguments(parser)
    sys.exit(train.run(parser.parse_args()))
