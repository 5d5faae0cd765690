//! Rendering maps to DOT and SVG.
