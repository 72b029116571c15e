"""Real servers for the tests (and the benchmark), started on 127.0.0.1 and stopped by PID."""
