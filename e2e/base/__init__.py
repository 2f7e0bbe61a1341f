"""What every layer uses: the action log, masking, the processes a run starts, a call
given a time limit, owner-only files, URL globs, header checks."""
