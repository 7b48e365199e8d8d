"""Phrases, ministries and indicator links for composing the 5th NBSAP (2024–2028) action list.

The national targets, their tasks and responsible ministries follow korea_domain.md §1.2; the
action titles are composed from realistic phrases (object + verb pattern) and are sample text,
not the official NBSAP wording. Implementation figures for 2024 are §1.3's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetPlan:
    """How to compose the actions of one national target."""

    code: str
    ministries: tuple[str, ...]  # authority codes; the first is the usual lead
    tasks: tuple[tuple[str, str], ...]  # task titles n-m (Korean, English)
    objects: tuple[tuple[str, str], ...]  # objects of sub-actions (Korean, English)
    indicators: tuple[str, ...] = ()  # dashboard indicator ids / GBF indicator codes that measure it
    weight: float = 1.0  # relative number of actions


# Verb patterns: (Korean template, English template, performance indicator or None).
VERB_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    ("{o} 현황 조사 및 DB 구축", "Survey {o} and build a database", "조사 완료 지역 수 (개소)"),
    ("{o} 관리 기반 구축", "Establish a management framework for {o}", None),
    ("{o} 관련 지침 마련", "Prepare guidelines on {o}", "지침 마련 여부"),
    ("{o} 확대 추진", "Expand {o}", "연도별 실적 (건)"),
    ("{o} 모니터링 강화", "Strengthen monitoring of {o}", "모니터링 지점 수 (개소)"),
    ("{o} 관련 법·제도 개선", "Improve laws and institutions for {o}", "법령 개정 여부"),
    ("{o} 국제협력 강화", "Strengthen international cooperation on {o}", None),
    ("{o} 정보시스템 고도화", "Upgrade the information system for {o}", "시스템 고도화 완료 여부"),
    ("{o} 교육·홍보 추진", "Education and outreach on {o}", "참여 인원 (명)"),
    ("{o} 시범사업 추진", "Pilot projects on {o}", "시범사업 수 (건)"),
)

# NT1–NT21 (§1.2). Ministries beyond NT7 are as far as the crawled table allows (see §1.2 note).
TARGET_PLANS: tuple[TargetPlan, ...] = (
    TargetPlan("NT1", ("ME", "MOLIT", "MOF"),
               (("생물다양성을 고려한 공간계획 수립", "Biodiversity-inclusive spatial planning"),
                ("생물학적 중요지역 평가", "Assessment of areas of biological importance")),
               (("국토환경성평가지도", "national environmental assessment maps"), ("생태계 적색목록", "the Korean Red List of Ecosystems"),
                ("생태축", "ecological corridors"), ("해양공간계획", "marine spatial plans"), ("도시 생태현황지도", "urban biotope maps")),
               ("A.1",), 1.0),
    TargetPlan("NT2", ("ME", "MOF", "KFS", "MOLIT"),
               (("훼손지 전국 조사", "National survey of degraded land"), ("생태계 유형별 복원", "Restoration across ecosystems"),
                ("생태복원 산업 육성", "Green restoration industry")),
               (("훼손지", "degraded land"), ("하천 생태계 복원", "river ecosystem restoration"), ("갯벌 복원", "tidal flat restoration"),
                ("산림 복원", "forest restoration"), ("복원 우선지역", "priority restoration areas"), ("생태복원 전문기업", "ecological restoration firms")),
               ("2.1",), 1.1),
    TargetPlan("NT3", ("ME", "MOF", "KFS", "KHS", "MND", "MOLIT"),
               (("보호지역·자연공존지역 확대", "Increase the coverage of protected areas and OECMs"),
                ("보호지역 관리 효과성 제고", "Management effectiveness of protected areas"),
                ("지역사회 혜택 증진", "Benefits to local communities")),
               (("해양보호구역", "marine protected areas"), ("자연공존지역(OECM)", "OECMs"), ("국립공원", "national parks"),
                ("습지보호지역", "wetland protected areas"), ("보호지역 관리효과성 평가", "protected area management effectiveness assessment"),
                ("보호지역 주민 지원", "support for residents of protected areas"), ("생태관광", "ecotourism")),
               ("protected_area_coverage", "3.1"), 1.6),
    TargetPlan("NT4", ("ME", "MOF", "KHS", "KFS"),
               (("멸종위기종 서식지 내·외 보전", "In-situ and ex-situ management of protected species"),
                ("국가보호종 유전다양성 관리", "Genetic diversity of protected species"),
                ("인간-야생동물 공존", "Human-wildlife coexistence")),
               (("멸종위기종 증식·복원", "endangered species propagation and reintroduction"), ("서식지외보전기관", "ex-situ conservation institutions"),
                ("국가생물적색목록", "the national Red List"), ("유전자원 보존", "genetic resource banking"),
                ("야생동물 피해 예방", "wildlife damage prevention"), ("국가생물종목록", "the national species list")),
               ("red_list_index", "living_planet_index", "A.3"), 1.5),
    TargetPlan("NT5", ("ME", "MOF", "KCS", "MAFRA", "KFS"),
               (("야생동물 유래 질병 대응", "Wildlife-origin disease response"), ("야생생물 유통 관리 강화", "Tighter control of wildlife supply chains")),
               (("야생동물 검역", "wildlife quarantine"), ("국제적 멸종위기종 수출입 허가", "CITES import and export permits"),
                ("야생동물종합관리시스템", "the Wildlife Integrated Management System"), ("사육시설 등록·점검", "breeding facility registration and inspection"),
                ("지정관리 야생동물 백색목록", "the white list of designated managed wildlife"), ("불법 거래 단속", "enforcement against illegal trade")),
               ("cites_permits", "5.1"), 1.3),
    TargetPlan("NT6", ("ME", "MOF", "KCS", "KFS", "KHS"),
               (("침입외래종 유입 차단", "Prevent introduction of invasive alien species"), ("침입외래종 확산 방지", "Prevent spread of invasive alien species")),
               (("유입주의 생물 지정", "designation of species of concern for introduction"), ("외래생물 위해성 평가", "alien species risk assessment"),
                ("생태계교란 생물 퇴치", "eradication of ecosystem-disturbing species"), ("외래생물 합동검사센터", "alien species inspection centres"),
                ("침입외래종 조기 탐지", "early detection of invasive species")),
               ("invasive_alien_establishment", "6.1"), 1.3),
    TargetPlan("NT7", ("MAFRA", "RDA", "ME", "MOF"),
               (("비료·농약 저감", "Reduce fertilizer and pesticide use"), ("플라스틱 오염 저감", "Reduce plastic pollution"),
                ("하천·연안 오염 관리", "Manage river and coastal pollution")),
               (("농약 환경영향", "environmental effects of pesticides"), ("해양 플라스틱", "marine plastics"), ("비점오염원", "non-point pollution sources"),
                ("연안 부영양화", "coastal eutrophication")),
               ("7.1", "7.2"), 0.9),
    TargetPlan("NT8", ("KFS", "ME", "MOF"),
               (("생태계 기반 탄소흡수원 확충", "Ecosystem-based carbon sinks"),),
               (("산림 탄소흡수원", "forest carbon sinks"), ("하천 수변 탄소흡수원", "riparian carbon sinks"), ("블루카본", "blue carbon"),
                ("기후변화 생물지표종", "climate-sensitive indicator species")),
               (), 0.8),
    TargetPlan("NT9", ("MAFRA", "KFS", "MOF"),
               (("친환경농업 확대", "Eco-friendly agriculture"), ("지속가능한 산림경영", "Sustainable forest management")),
               (("친환경농업지구", "eco-friendly farming districts"), ("산림인증", "forest certification"), ("지속가능한 어업", "sustainable fisheries")),
               ("10.1", "10.2"), 0.8),
    TargetPlan("NT10", ("ME", "MOF", "KFS"),
               (("국가 생태계서비스 평가", "National ecosystem-service assessment"),),
               (("생태계서비스 평가", "ecosystem-service assessment"), ("생태계서비스 지불제", "payments for ecosystem services")),
               ("B.1",), 0.6),
    TargetPlan("NT11", ("KFS", "MOLIT", "ME"),
               (("도시 녹지·수변공간 확충", "Urban blue and green space"),),
               (("도시숲", "urban forests"), ("바람길숲", "wind-path forests"), ("도시 생물다양성", "urban biodiversity")),
               ("12.1",), 0.7),
    TargetPlan("NT12", ("ME", "MOF", "MAFRA", "MSIT"),
               (("유전자원 접근 및 이익공유 제도 개선", "Improve the ABS regime"),),
               (("유전자원 이익공유", "benefit-sharing from genetic resources"), ("디지털염기서열정보(DSI)", "digital sequence information"),
                ("ABS 안내서", "the ABS handbook"), ("절차준수 신고", "compliance reporting")),
               ("abs_benefits", "C.1"), 0.8),
    TargetPlan("NT13", ("ME", "MOEF", "MOLIT"),
               (("생물다양성 주류화", "Mainstreaming biodiversity"),),
               (("자연자본 회계", "natural capital accounting"), ("SEEA 생태계 계정", "SEEA ecosystem accounts"), ("법정계획 생물다양성 반영", "biodiversity in statutory plans")),
               (), 0.7),
    TargetPlan("NT14", ("ME", "MOTIE"),
               (("기업의 자연자본 공시", "Corporate nature-related disclosure"),),
               (("TNFD 기반 공시 지침", "TNFD-based disclosure guidelines"), ("기업 생물다양성 영향 평가", "corporate biodiversity impact assessment")),
               ("15.1",), 0.6),
    TargetPlan("NT15", ("ME",),
               (("지속가능한 소비", "Sustainable consumption"),),
               (("공공 녹색구매", "public green purchasing"), ("녹색매장", "green stores"), ("녹색구매지원센터", "Green Purchase Support Centers")),
               (), 0.5),
    TargetPlan("NT16", ("MOTIE", "MSIT", "MAFRA", "MOHW", "MOF", "ME", "MFDS"),
               (("LMO 안전관리", "LMO safety"), ("신생명공학 대응", "Emerging biotechnologies")),
               (("유전자변형생물체(LMO) 모니터링", "LMO monitoring"), ("LMO 위해성 심사", "LMO risk assessment"), ("합성생물학", "synthetic biology")),
               (), 0.6),
    TargetPlan("NT17", ("MOEF", "ME"),
               (("유해 보조금 식별", "Identify harmful subsidies"), ("범정부 협의체 운영", "Pan-government body")),
               (("생물다양성 유해 보조금", "subsidies harmful to biodiversity"), ("긍정적 인센티브", "positive incentives")),
               ("18.1",), 0.5),
    TargetPlan("NT18", ("MOEF", "ME"),
               (("재원 동원", "Resource mobilization"),),
               (("생물다양성 재원", "biodiversity finance"), ("민간 재원", "private finance")),
               ("D.1",), 0.4),
    TargetPlan("NT19", ("ME", "MOFA", "MSIT"),
               (("녹색 ODA 및 과학기술 협력", "Green ODA and scientific cooperation"),),
               (("생물다양성 부국 공동연구", "joint research with biodiversity-rich countries"), ("유전자원 데이터뱅크 ODA", "genetic resource data bank ODA"),
                ("개도국 역량강화", "capacity building in developing countries")),
               ("cooperation_projects", "20.1"), 0.8),
    TargetPlan("NT20", ("ME", "MOE_EDU"),
               (("이행점검 및 투명한 공개", "NBSAP monitoring and transparent disclosure"), ("인식 제고 및 교육", "Awareness and education")),
               (("이행점검 지표", "NBSAP monitoring indicators"), ("국가생물다양성 정보공유체계", "the national clearing-house mechanism"),
                ("생물다양성 통계", "biodiversity statistics"), ("국가보고서", "national reports"), ("생물다양성 교육", "biodiversity education")),
               ("nbsap_completion_rate",), 1.0),
    TargetPlan("NT21", ("ME", "KFS"),
               (("이해관계자 참여 확대", "Stakeholder engagement"),),
               (("시민과학", "citizen science"), ("지역생물다양성전략", "local biodiversity strategies"), ("청년·여성 참여", "participation of youth and women"),
                ("K-BON", "K-BON")),
               (), 0.7),
)

# 2024 implementation (§1.3): 294 tasks, 253 completed (86.1 %), 41 in progress.
REPORTED_TASKS_2024 = 294
COMPLETED_2024 = 253
