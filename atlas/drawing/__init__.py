"""unknot's drawings, one module per drawing, all rendered from the body geometry (clinical.geometry):
the body map, the muscle illustration (with its layout and text description), the thumbnail and the
trigger-point close-up; shared pieces in svg."""
