/**
 * Strings the renderers draw themselves (buttons, empty states, dialogs).
 * Keys follow JSON Forms' own array/combinator translation keys where one exists, so a consumer's
 * `translate` function that already knows `<prefix>.addTooltip` etc. keeps working unchanged.
 */
export type Locale = "zh-CN" | "en";

export const DEFAULT_LOCALE: Locale = "zh-CN";

export interface UiMessages {
  addTooltip: string;
  removeTooltip: string;
  upAriaLabel: string;
  downAriaLabel: string;
  noDataMessage: string;
  noSelection: string;
  deleteDialogTitle: string;
  deleteDialogMessage: string;
  deleteDialogAccept: string;
  deleteDialogDecline: string;
  clearDialogTitle: string;
  clearDialogMessage: string;
  clearDialogAccept: string;
  clearDialogDecline: string;
  selectPlaceholder: string;
  datePlaceholder: string;
  timePlaceholder: string;
  dateTimePlaceholder: string;
  stepperBack: string;
  stepperNext: string;
  itemIndex: string;
  actions: string;
}

export const uiMessages: Record<Locale, UiMessages> = {
  "zh-CN": {
    addTooltip: "添加",
    removeTooltip: "删除",
    upAriaLabel: "上移",
    downAriaLabel: "下移",
    noDataMessage: "暂无数据",
    noSelection: "未选择",
    deleteDialogTitle: "确认删除",
    deleteDialogMessage: "确定要删除这一项吗？",
    deleteDialogAccept: "删除",
    deleteDialogDecline: "取消",
    clearDialogTitle: "清除数据",
    clearDialogMessage: "切换后当前填写的数据将被清除，是否继续？",
    clearDialogAccept: "继续",
    clearDialogDecline: "取消",
    selectPlaceholder: "请选择",
    datePlaceholder: "选择日期",
    timePlaceholder: "选择时间",
    dateTimePlaceholder: "选择日期时间",
    stepperBack: "上一步",
    stepperNext: "下一步",
    itemIndex: "序号",
    actions: "操作",
  },
  en: {
    addTooltip: "Add",
    removeTooltip: "Delete",
    upAriaLabel: "Move up",
    downAriaLabel: "Move down",
    noDataMessage: "No data",
    noSelection: "No selection",
    deleteDialogTitle: "Confirm deletion",
    deleteDialogMessage: "Are you sure you want to delete this entry?",
    deleteDialogAccept: "Delete",
    deleteDialogDecline: "Cancel",
    clearDialogTitle: "Clear data",
    clearDialogMessage: "Switching clears the data entered so far. Continue?",
    clearDialogAccept: "Continue",
    clearDialogDecline: "Cancel",
    selectPlaceholder: "Select",
    datePlaceholder: "Select date",
    timePlaceholder: "Select time",
    dateTimePlaceholder: "Select date and time",
    stepperBack: "Back",
    stepperNext: "Next",
    itemIndex: "#",
    actions: "Actions",
  },
};

/** Any Chinese locale gets zh-CN (the only Chinese table we ship); everything else English. */
export const normalizeLocale = (locale: string | undefined): Locale =>
  locale === undefined || locale.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
