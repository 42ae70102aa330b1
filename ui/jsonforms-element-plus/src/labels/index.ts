import { entry as labelRendererEntry } from "./LabelRenderer.entry";

export { labelRendererEntry };

export const labelRenderers = [labelRendererEntry];
