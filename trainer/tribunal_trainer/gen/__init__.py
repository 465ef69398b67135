"""Generated from proto/trainer.proto by tribunal_trainer.gen_proto; do not edit."""
