# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
