/**
 * The designer's working state, shared by the palette, canvas, property panel and JSON view
 * through provide/inject: the current model (replaced, never mutated: the model functions
 * return new ones), the selection, undo/redo, the drag in progress and the problems list.
 */
import { computed, inject, provide, reactive, ref, shallowRef, type InjectionKey } from "vue";
import { ElMessage } from "element-plus";
import { isDesignerError } from "../model/errors";
import { addNode, fieldByKey, type LayoutType } from "../model/fields";
import { findNode, moveNode, type ParentId } from "../model/tree";
import { emptyModel, type FieldKind, type FormModel } from "../model/types";
import { validateModel, type Problem } from "../model/validate";
import type { TextFn } from "../i18n";

export type Addable = Exclude<FieldKind, "custom"> | LayoutType;
export type DragPayload = { kind: "new"; what: Addable } | { kind: "move"; id: string };

const UNDO_LIMIT = 100;

export function createDesignerState(t: () => TextFn) {
  const model = shallowRef<FormModel>(emptyModel());
  const selectedId = ref<string | null>(null);
  const dirty = ref(false);
  const lastError = ref("");
  const undoStack = shallowRef<FormModel[]>([]);
  const redoStack = shallowRef<FormModel[]>([]);
  let lastCoalesce: string | undefined;
  const drag = reactive<{ payload: DragPayload | null }>({ payload: null });

  const problems = computed(() => validateModel(model.value));
  const problemsById = computed(() => {
    const map = new Map<string, Problem[]>();
    for (const p of problems.value) map.set(p.id, [...(map.get(p.id) ?? []), p]);
    return map;
  });

  function fail(err: unknown): false {
    if (!isDesignerError(err)) throw err;
    lastError.value = t()(`error.${err.code}`, err.params);
    ElMessage({ type: "warning", message: lastError.value, grouping: true });
    return false;
  }

  function commit(next: FormModel, coalesce?: string) {
    if (next === model.value) return;
    // Typing in one input is one undo step, not one per key.
    if (!(coalesce && coalesce === lastCoalesce)) undoStack.value = [...undoStack.value.slice(-UNDO_LIMIT + 1), model.value];
    lastCoalesce = coalesce;
    redoStack.value = [];
    model.value = next;
    dirty.value = true;
    lastError.value = "";
  }

  /** Runs a model change; a DesignerError is shown to the user and leaves the model as it was. */
  function apply(change: (m: FormModel) => FormModel, options: { coalesce?: string } = {}): boolean {
    try {
      commit(change(model.value), options.coalesce);
      return true;
    } catch (err) {
      return fail(err);
    }
  }

  function add(what: Addable, at?: { parentId: ParentId; index?: number }): string | null {
    try {
      const r = addNode(model.value, what, at ?? { selectedId: selectedId.value });
      commit(r.model);
      selectedId.value = r.id;
      return r.id;
    } catch (err) {
      return fail(err) || null;
    }
  }

  /** What a drop zone does with the drag in progress. */
  function drop(parentId: ParentId, index: number): void {
    const payload = drag.payload;
    drag.payload = null;
    if (!payload) return;
    if (payload.kind === "new") add(payload.what, { parentId, index });
    else if (apply((m) => moveNode(m, payload.id, parentId, index))) selectedId.value = payload.id;
  }

  /** A whole new model (the JSON view): ids are new, so the selection follows the selected field's key. */
  function replace(next: FormModel) {
    const selected = selectedId.value ? findNode(model.value, selectedId.value) : undefined;
    commit(next);
    lastCoalesce = undefined;
    selectedId.value = selected?.node === "field" ? (fieldByKey(next, selected.key)?.id ?? null) : null;
  }

  /** A model from the server: a fresh start (no undo into another version, nothing unsaved). */
  function reset(next: FormModel) {
    model.value = next;
    undoStack.value = [];
    redoStack.value = [];
    lastCoalesce = undefined;
    selectedId.value = null;
    dirty.value = false;
  }

  function undo() {
    const previous = undoStack.value.at(-1);
    if (!previous) return;
    undoStack.value = undoStack.value.slice(0, -1);
    redoStack.value = [...redoStack.value, model.value];
    model.value = previous;
    lastCoalesce = undefined;
    dirty.value = true;
  }

  function redo() {
    const next = redoStack.value.at(-1);
    if (!next) return;
    redoStack.value = redoStack.value.slice(0, -1);
    undoStack.value = [...undoStack.value, model.value];
    model.value = next;
    lastCoalesce = undefined;
    dirty.value = true;
  }

  return {
    model,
    selectedId,
    dirty,
    lastError,
    drag,
    problems,
    problemsById,
    canUndo: computed(() => undoStack.value.length > 0),
    canRedo: computed(() => redoStack.value.length > 0),
    apply,
    add,
    drop,
    replace,
    reset,
    undo,
    redo,
    select: (id: string | null) => {
      selectedId.value = id;
      lastCoalesce = undefined;
    },
  };
}

export type DesignerState = ReturnType<typeof createDesignerState>;

const KEY: InjectionKey<DesignerState> = Symbol("anju-form-designer");

export function provideDesigner(state: DesignerState): void {
  provide(KEY, state);
}

export function useDesigner(): DesignerState {
  const state = inject(KEY);
  if (!state) throw new Error("useDesigner() outside <FormDesigner>");
  return state;
}
