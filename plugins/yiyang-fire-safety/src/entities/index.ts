export { HandlingEntity, type HandlingRow } from "./handling.entity.js";
export { DeclarationEntity, type DeclarationRow } from "./declaration.entity.js";
export { NoticeEntity, type NoticeRow } from "./notice.entity.js";
export { RentalEntity, RentalPi, type RentalRow } from "./rental.entity.js";

import { DeclarationEntity } from "./declaration.entity.js";
import { HandlingEntity } from "./handling.entity.js";
import { NoticeEntity } from "./notice.entity.js";
import { RentalEntity } from "./rental.entity.js";

export const YIYANG_ENTITIES = [DeclarationEntity, NoticeEntity, RentalEntity, HandlingEntity];
