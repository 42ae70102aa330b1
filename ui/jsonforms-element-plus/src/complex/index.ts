import { entry as allOfRendererEntry } from "./AllOfRenderer.entry";
import { entry as anyOfRendererEntry } from "./AnyOfRenderer.entry";
import { entry as arrayListRendererEntry } from "./ArrayListRenderer.entry";
import { entry as arrayTableRendererEntry } from "./ArrayTableRenderer.entry";
import { entry as enumArrayRendererEntry } from "./EnumArrayRenderer.entry";
import { entry as listWithDetailRendererEntry } from "./ListWithDetailRenderer.entry";
import { entry as objectRendererEntry } from "./ObjectRenderer.entry";
import { entry as oneOfRendererEntry } from "./OneOfRenderer.entry";

export {
  allOfRendererEntry,
  anyOfRendererEntry,
  arrayListRendererEntry,
  arrayTableRendererEntry,
  enumArrayRendererEntry,
  listWithDetailRendererEntry,
  objectRendererEntry,
  oneOfRendererEntry,
};

export const complexRenderers = [
  objectRendererEntry,
  arrayListRendererEntry,
  arrayTableRendererEntry,
  listWithDetailRendererEntry,
  enumArrayRendererEntry,
  allOfRendererEntry,
  anyOfRendererEntry,
  oneOfRendererEntry,
];
