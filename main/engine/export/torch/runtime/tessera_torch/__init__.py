"""Support library of a Tessera PyTorch export: layers, data, the app's RNG, checkpoints.

Copied verbatim by `tessera export FILE --target pytorch`; the generated model.py,
objectives.py and train.py import it. Tensors are NHWC (the app's layout) between nodes;
convolution layers hold PyTorch-layout weights and permute around the call.
"""
