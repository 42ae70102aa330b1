/**
 * Demo registry for the embedded default's first start: two communities under a Hefei street
 * and one under a Tongling street (with a face-only unit door, for the T3 check to find).
 * Names and companies are invented.
 */
import type {
  AccessDirection, AccessMethod, AccessOutcome, AccessPointKind, AuthorisationSubject, CommunityClass, CredentialType, FacilityStatus, FacilityType, OnlineState,
} from "./constants.js";

export interface DemoCommunity {
  name: string;
  address: string;
  buildYear: number;
  communityClass?: CommunityClass;
  propertyCompany: string;
  custodian: string;
  custodianPhone: string;
  maintainer: string;
  maintainerPhone: string;
  buildings: Array<{ name: string; floors: number; units: string[] }>;
  facilities: Array<{ key: string; type: FacilityType; name: string; location: string; status: FacilityStatus; installedOn: string }>;
  devices: Array<{ facility: string; name: string; vendor: string; model: string; serialNo: string; onlineState: OnlineState }>;
  accessPoints: Array<{ name: string; kind: AccessPointKind; credentials: CredentialType[]; building?: string; unit?: string; device?: string }>;
  /** Resident authorisations (invented names and numbers); `unit` is `楼栋/单元`. */
  authorisations?: Array<{ holderName: string; subject: AuthorisationSubject; credential: CredentialType; credentialRef: string; unit?: string }>;
  /** Access events of the last hours, at access points by name. */
  accessEvents?: Array<{ id: string; accessPoint: string; minutesAgo: number; direction: AccessDirection; method: AccessMethod; outcome: AccessOutcome; credentialRef?: string; subject?: AuthorisationSubject }>;
}

const MAINTAINER = "安徽安居智能科技有限公司";

export const DEMO_BY_CITY: Record<string, DemoCommunity[]> = {
  // 合肥市
  "340100": [
    {
      name: "琥珀山庄南村",
      address: "合肥市蜀山区三里庵街道琥珀山庄南村",
      buildYear: 1996,
      propertyCompany: "合肥琥珀物业服务有限公司",
      custodian: "合肥琥珀物业服务有限公司",
      custodianPhone: "0551-62880001",
      maintainer: MAINTAINER,
      maintainerPhone: "0551-62880002",
      buildings: [
        { name: "1号楼", floors: 6, units: ["1单元", "2单元"] },
        { name: "2号楼", floors: 6, units: ["1单元", "2单元"] },
      ],
      facilities: [
        { key: "video", type: "video-surveillance", name: "南门视频监控", location: "南门及门前道路", status: "normal", installedOn: "2021-06-15" },
        { key: "gate", type: "entrance-control", name: "南门出入口控制", location: "南门", status: "normal", installedOn: "2021-06-15" },
        { key: "intercom", type: "building-intercom", name: "楼宇对讲门禁", location: "各单元门", status: "normal", installedOn: "2021-07-01" },
        { key: "perimeter", type: "perimeter-electronic", name: "周界电子防护", location: "小区围墙", status: "fault", installedOn: "2021-07-20" },
        { key: "centre", type: "monitoring-centre", name: "监控中心", location: "南门值班室", status: "normal", installedOn: "2021-06-10" },
      ],
      devices: [
        { facility: "video", name: "南门枪机", vendor: "海康威视", model: "DS-2CD3T46WD", serialNo: "HK-HP-0001", onlineState: "online" },
        { facility: "gate", name: "南门人脸闸机", vendor: "大华", model: "DH-ASI7213", serialNo: "DH-HP-0002", onlineState: "online" },
        { facility: "gate", name: "南门车牌识别道闸", vendor: "海康威视", model: "DS-TCG227", serialNo: "HK-HP-0003", onlineState: "offline" },
        { facility: "intercom", name: "1号楼1单元门口机", vendor: "大华", model: "VTO2202F", serialNo: "DH-HP-0004", onlineState: "online" },
        { facility: "perimeter", name: "周界报警主机", vendor: "海康威视", model: "DS-19A08", serialNo: "HK-HP-0005", onlineState: "offline" },
      ],
      accessPoints: [
        { name: "南门人行通道", kind: "pedestrian-gate", credentials: ["face", "card", "id-card"], device: "DH-HP-0002" },
        { name: "南门车行道闸", kind: "vehicle-barrier", credentials: ["plate"], device: "HK-HP-0003" },
        { name: "1号楼1单元门", kind: "unit-door", credentials: ["face", "card", "password"], building: "1号楼", unit: "1单元", device: "DH-HP-0004" },
        { name: "2号楼1单元门", kind: "unit-door", credentials: ["card", "password"], building: "2号楼", unit: "1单元" },
      ],
      authorisations: [
        { holderName: "陈建国", subject: "person", credential: "card", credentialRef: "HP-CARD-0101", unit: "1号楼/1单元" },
        { holderName: "刘淑芬", subject: "person", credential: "face", credentialRef: "DH-PERSON-000102", unit: "1号楼/1单元" },
        { holderName: "陈建国", subject: "vehicle", credential: "plate", credentialRef: "皖A·D12345" },
      ],
      accessEvents: [
        { id: "demo-hp-1", accessPoint: "南门人行通道", minutesAgo: 95, direction: "in", method: "face", outcome: "granted", credentialRef: "DH-PERSON-000102" },
        { id: "demo-hp-2", accessPoint: "南门车行道闸", minutesAgo: 80, direction: "in", method: "plate", outcome: "granted", credentialRef: "皖AD12345", subject: "vehicle" },
        { id: "demo-hp-3", accessPoint: "1号楼1单元门", minutesAgo: 42, direction: "in", method: "card", outcome: "granted", credentialRef: "HP-CARD-0101" },
        { id: "demo-hp-4", accessPoint: "1号楼1单元门", minutesAgo: 12, direction: "in", method: "card", outcome: "denied", credentialRef: "HP-CARD-9999" },
        { id: "demo-hp-5", accessPoint: "南门人行通道", minutesAgo: 5, direction: "out", method: "remote", outcome: "manual" },
      ],
    },
    {
      name: "三里庵花园",
      address: "合肥市蜀山区三里庵街道长江西路88号",
      buildYear: 2008,
      propertyCompany: "合肥长江物业管理有限公司",
      custodian: "合肥长江物业管理有限公司",
      custodianPhone: "0551-62990001",
      maintainer: MAINTAINER,
      maintainerPhone: "0551-62880002",
      buildings: [{ name: "A栋", floors: 18, units: ["1单元"] }],
      facilities: [
        { key: "video", type: "video-surveillance", name: "小区视频监控", location: "出入口、主干道、电梯轿厢", status: "normal", installedOn: "2022-03-01" },
        { key: "patrol", type: "electronic-patrol", name: "电子巡更", location: "全小区", status: "normal", installedOn: "2022-03-01" },
        { key: "parking", type: "parking-management", name: "地下车库管理", location: "地下车库入口", status: "normal", installedOn: "2022-03-10" },
      ],
      devices: [
        { facility: "video", name: "A栋电梯摄像机", vendor: "海康威视", model: "DS-2CD2D25", serialNo: "HK-SL-0001", onlineState: "online" },
        { facility: "parking", name: "车库车牌识别", vendor: "大华", model: "ITC237", serialNo: "DH-SL-0002", onlineState: "online" },
      ],
      accessPoints: [
        { name: "地下车库入口", kind: "garage", credentials: ["plate", "card"], device: "DH-SL-0002" },
        { name: "A栋1单元门", kind: "unit-door", credentials: ["face", "card", "qr"], building: "A栋", unit: "1单元" },
      ],
    },
  ],
  // 铜陵市
  "340700": [
    {
      name: "铜官山新村",
      address: "铜陵市铜官区铜官山新村",
      buildYear: 1999,
      propertyCompany: "铜陵铜都物业有限公司",
      custodian: "铜陵铜都物业有限公司",
      custodianPhone: "0562-28800001",
      maintainer: "铜陵市铜官区某街道办事处",
      maintainerPhone: "0562-28800002",
      buildings: [{ name: "3号楼", floors: 5, units: ["1单元", "2单元"] }],
      facilities: [
        { key: "intercom", type: "building-intercom", name: "单元门禁", location: "3号楼各单元", status: "normal", installedOn: "2021-09-01" },
        { key: "video", type: "video-surveillance", name: "大门监控", location: "大门", status: "normal", installedOn: "2021-09-01" },
      ],
      devices: [
        { facility: "intercom", name: "3号楼1单元人脸门禁", vendor: "大华", model: "DH-ASI7214", serialNo: "DH-TG-0001", onlineState: "online" },
        { facility: "video", name: "大门球机", vendor: "海康威视", model: "DS-2DE4425", serialNo: "HK-TG-0002", onlineState: "unknown" },
      ],
      accessPoints: [
        // Face only: non-compliant under Tongling T3 (residents must not be forced to use face).
        { name: "3号楼1单元门", kind: "unit-door", credentials: ["face"], building: "3号楼", unit: "1单元", device: "DH-TG-0001" },
        { name: "3号楼2单元门", kind: "unit-door", credentials: ["card", "id-card"], building: "3号楼", unit: "2单元" },
      ],
      authorisations: [
        { holderName: "周桂兰", subject: "person", credential: "card", credentialRef: "TG-CARD-3201", unit: "3号楼/2单元" },
      ],
      accessEvents: [
        { id: "demo-tg-1", accessPoint: "3号楼2单元门", minutesAgo: 30, direction: "in", method: "card", outcome: "granted", credentialRef: "TG-CARD-3201" },
      ],
    },
  ],
};
