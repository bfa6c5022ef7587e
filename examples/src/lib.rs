//! Runnable examples of the generated client; see `examples/` (the files next to this one).
