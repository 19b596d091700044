"""The inference plugin: an ONNX model registry, served for predict, what-if and batch scoring."""
