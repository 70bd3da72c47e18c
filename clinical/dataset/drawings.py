"""The body drawings as SVG files: unknot's own drawing of each view, with every region, muscle outline, trigger
point and acupoint named by its dataset id, so the x and y of the tables can be read off them."""

from html import escape

from clinical.geometry import Geometry


def body_svg(geom: Geometry, name: str) -> bytes:
    """One body view as unknot draws it: the outline, every region (id and side), the muscles' outlines and the
    trigger points and acupoints at their coordinates (the person's right side), each named by its id."""
    view = geom.views[name]
    x, y, width, height = view.view_box
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-labelledby="title">',
        f'<title id="title">unknot body drawing, {name} view (CC BY 4.0)</title>',
        f"<desc>Drawn by unknot. Ids are those of the dataset (regions.csv, muscles.csv, trigger_points.csv, "
        f"acupoint_links.csv). {escape(view.scale.measure)}: {view.scale.units_per_cm:g} units per cm.</desc>",
        f'<path id="outline" d="{view.outline}" fill="#f4efe8" stroke="#555" stroke-width="1"/>',
        '<g id="regions" fill="none" stroke="#9aa" stroke-width="0.5">',
    ]
    for shape in view.regions:
        side = f"-{shape.side}" if shape.side else ""
        side_attr = f' data-side="{shape.side}"' if shape.side else ""
        lines.append(f'<path id="region-{shape.id}{side}" data-region="{shape.id}"{side_attr} d="{shape.path}"/>')
    lines.append('</g>\n<g id="muscles" fill="#c9675d" fill-opacity="0.25" stroke="#a3473e" stroke-width="0.6">')
    for muscle_id, outline in view.muscles.items():
        lines.append(f'<path id="muscle-{muscle_id}" data-muscle="{muscle_id}" data-side="right" d="{outline}"/>')
    lines.append('</g>\n<g id="trigger-points" fill="#7a1f16">')
    for point_id, xy in view.trigger_points.items():
        lines.append(f'<circle id="tp-{point_id}" data-trigger-point="{point_id}" cx="{xy.x:g}" cy="{xy.y:g}" r="3"/>')
    lines.append('</g>\n<g id="acupoints" fill="none" stroke="#1f5f5b" stroke-width="1">')
    for code, xy in view.acupoints.items():
        lines.append(f'<circle id="acupoint-{code}" data-acupoint="{code}" cx="{xy.x:g}" cy="{xy.y:g}" r="2.5"/>')
    lines.append("</g>\n</svg>\n")
    return "\n".join(lines).encode("utf-8")
