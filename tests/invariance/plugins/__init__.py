"""The invariance suite's test plugin pair: probe calls target and consumes its event."""
