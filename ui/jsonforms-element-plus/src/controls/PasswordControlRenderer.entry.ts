import { and, rankWith, formatIs, isStringControl } from "@jsonforms/core";
import PasswordControlRenderer from "./PasswordControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(PasswordControlRenderer, rankWith(2, and(isStringControl, formatIs("password"))));
