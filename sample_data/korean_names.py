"""Syllables and word lists that compose Korean-looking names for the sample database.

Everything composed here is synthetic: personal names are random surname + given-name syllable
pairs, addresses are on the fictitious road "가상로" ("virtual road"), phone numbers are in the
unused 010-0000 block and business numbers start with 000. Species names follow the usual
pattern of Korean common names (modifier + base word, e.g. 큰 + 줄 + 하늘소) so that pages and
searches behave as with real data, but they are not real names unless they come from
`sample_data.taxon_catalogue`'s tables of real species.
"""

from __future__ import annotations

import numpy as np

# Surnames with their usual romanisation and a rough frequency weight (Kim, Lee, Park dominate).
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("김", "Kim", 21.5), ("이", "Lee", 14.7), ("박", "Park", 8.4), ("최", "Choi", 4.7), ("정", "Jung", 4.3),
    ("강", "Kang", 2.3), ("조", "Cho", 2.1), ("윤", "Yoon", 2.1), ("장", "Jang", 2.0), ("임", "Lim", 1.7),
    ("한", "Han", 1.5), ("오", "Oh", 1.5), ("서", "Seo", 1.5), ("신", "Shin", 1.5), ("권", "Kwon", 1.4),
    ("황", "Hwang", 1.4), ("안", "Ahn", 1.4), ("송", "Song", 1.3), ("류", "Ryu", 1.2), ("전", "Jeon", 1.1),
    ("홍", "Hong", 1.1), ("고", "Ko", 0.9), ("문", "Moon", 0.9), ("양", "Yang", 0.9), ("손", "Son", 0.9),
    ("배", "Bae", 0.8), ("백", "Baek", 0.8), ("허", "Heo", 0.6), ("노", "Noh", 0.6), ("남", "Nam", 0.6),
)

# Given-name syllables (Korean, romanised); two are drawn per person.
GIVEN_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("민", "Min"), ("서", "Seo"), ("지", "Ji"), ("현", "Hyun"), ("준", "Jun"), ("우", "Woo"), ("수", "Su"),
    ("영", "Young"), ("진", "Jin"), ("성", "Sung"), ("하", "Ha"), ("윤", "Yun"), ("은", "Eun"), ("재", "Jae"),
    ("동", "Dong"), ("상", "Sang"), ("경", "Kyung"), ("혜", "Hye"), ("정", "Jeong"), ("연", "Yeon"),
    ("호", "Ho"), ("태", "Tae"), ("희", "Hee"), ("원", "Won"), ("주", "Ju"), ("승", "Seung"), ("예", "Ye"),
    ("도", "Do"), ("유", "Yu"), ("나", "Na"), ("소", "So"), ("미", "Mi"), ("석", "Seok"), ("훈", "Hoon"),
    ("혁", "Hyuk"), ("아", "A"), ("가", "Ga"), ("채", "Chae"), ("다", "Da"), ("규", "Gyu"),
)

# A few districts (시·군·구) per NGII province code, for localities and synthetic addresses.
DISTRICTS: dict[str, tuple[str, ...]] = {
    "11": ("종로구", "성북구", "강서구", "관악구", "노원구", "송파구"),
    "26": ("해운대구", "사하구", "강서구", "기장군", "영도구"),
    "27": ("수성구", "달성군", "동구", "북구", "군위군"),
    "28": ("중구", "연수구", "강화군", "옹진군", "남동구"),
    "29": ("북구", "광산구", "동구", "남구"),
    "30": ("유성구", "대덕구", "서구", "동구"),
    "31": ("울주군", "북구", "동구", "남구"),
    "36": ("조치원읍", "연기면", "장군면", "금남면"),
    "41": ("가평군", "양평군", "포천시", "연천군", "파주시", "화성시", "안산시", "광주시"),
    "42": ("인제군", "평창군", "정선군", "양구군", "철원군", "강릉시", "삼척시", "홍천군"),
    "43": ("단양군", "제천시", "보은군", "괴산군", "영동군", "충주시"),
    "44": ("태안군", "서산시", "서천군", "보령시", "공주시", "부여군", "홍성군"),
    "45": ("무주군", "부안군", "고창군", "진안군", "남원시", "군산시"),
    "46": ("신안군", "순천시", "구례군", "완도군", "해남군", "무안군", "보성군", "여수시"),
    "47": ("울릉군", "봉화군", "영양군", "청송군", "울진군", "안동시", "경주시", "포항시"),
    "48": ("창녕군", "하동군", "산청군", "함양군", "거제시", "통영시", "남해군", "밀양시"),
    "50": ("제주시", "서귀포시", "한림읍", "조천읍", "성산읍", "남원읍"),
}

# Place words for localities ("… 일대" = "around …").
PLACE_STEMS: tuple[str, ...] = (
    "가", "고", "금", "내", "대", "덕", "도", "동", "두", "마", "매", "명", "무", "문", "백", "보", "봉", "부",
    "사", "산", "상", "석", "송", "수", "신", "안", "양", "연", "오", "용", "운", "월", "율", "은", "장", "정",
    "죽", "지", "진", "천", "청", "추", "탑", "평", "하", "학", "한", "화", "황", "효",
)
PLACE_SUFFIXES: tuple[str, ...] = ("리", "동", "산", "계곡", "습지", "저수지", "해안", "오름", "천", "섬", "고개", "숲")

# Modifiers of Korean species names: size, colour, pattern, place and look.
NAME_MODIFIERS: tuple[str, ...] = (
    "큰", "작은", "애", "좀", "왕", "꼬마", "참", "개", "섬", "산", "물", "갯", "들", "바다", "민", "털", "검은",
    "붉은", "노랑", "흰", "푸른", "잿빛", "금빛", "줄", "점", "얼룩", "두줄", "세줄", "네점", "긴", "넓은", "가는",
    "둥근", "뿔", "각시", "한라", "제주", "지리", "설악", "백두", "울릉", "남방", "북방", "한국", "고려", "만주",
    "우수리", "일본", "중국", "깊은산", "높은산", "바위", "모래", "진흙", "대륙", "동해", "서해", "남해",
)

# Base words of Korean names per taxon group (the last word carries the group meaning).
GROUP_BASE_NAMES: dict[str, tuple[str, ...]] = {
    "Mammals": ("박쥐", "쥐", "땃쥐", "두더지", "족제비", "다람쥐", "멧밭쥐", "관코박쥐", "돌고래", "물범"),
    "Birds": ("딱새", "솔새", "도요", "오리", "매", "올빼미", "멧새", "박새", "지빠귀", "할미새", "갈매기",
              "백로", "두견", "종다리", "동박새", "참새", "비둘기", "물떼새", "흰죽지", "직박구리"),
    "Reptiles": ("뱀", "장지뱀", "도마뱀", "살모사", "거북", "도마뱀붙이"),
    "Amphibians": ("개구리", "도롱뇽", "두꺼비", "청개구리", "무당개구리"),
    "Fishes": ("붕어", "모래무지", "망둑", "놀래기", "종개", "미꾸리", "쏘가리", "납자루", "둑중개", "가자미",
               "볼락", "동사리", "피라미", "중고기", "마자"),
    "Insects": ("하늘소", "잎벌레", "풍뎅이", "나방", "밤나방", "자나방", "나비", "부전나비", "잠자리", "노린재",
                "파리", "깔따구", "벌", "맵시벌", "개미", "바구미", "딱정벌레", "길앞잡이", "매미충", "메뚜기",
                "여치", "날도래", "하루살이", "진딧물", "모기"),
    "Other invertebrates": ("달팽이", "고둥", "조개", "게", "새우", "거미", "응애", "지렁이", "갯지렁이",
                            "해면", "산호", "불가사리", "톡토기", "옆새우", "쥐며느리", "물벼룩", "선충", "이끼벌레"),
    "Vascular plants": ("풀", "나무", "꽃", "제비꽃", "사초", "고사리", "난초", "쑥", "취", "양지꽃", "현호색",
                        "바꽃", "마타리", "미나리", "괭이밥", "별꽃", "갈퀴", "방동사니", "싸리", "국수나무"),
    "Bryophytes": ("이끼", "솔이끼", "우산이끼", "털이끼", "깃털이끼", "비늘이끼", "뿔이끼"),
    "Algae": ("말", "김", "파래", "돌말", "갈파래", "우뭇가사리", "모자반", "청각", "규조", "녹조"),
    "Fungi": ("버섯", "광대버섯", "무당버섯", "그물버섯", "구멍장이버섯", "곰팡이", "동충하초", "지의", "깔때기버섯"),
    "Protists": ("편모충", "섬모충", "아메바", "유공충", "와편모조", "짚신벌레", "종벌레"),
    "Prokaryotes": ("균", "간균", "구균", "나선균", "방선균", "고세균"),
}

# Stems for company names of holders (importers, nurseries, dealers, zoos).
COMPANY_STEMS: tuple[str, ...] = (
    "한빛", "새벽", "푸른숲", "늘봄", "다온", "가람", "누리", "한결", "미르", "솔빛", "아라", "하늬", "별빛", "온새미",
    "라온", "해솔", "그린", "에코", "네이처", "코리아", "동방", "대한", "서울", "부산", "제일", "우리", "태평양",
)
COMPANY_KINDS: tuple[str, ...] = (
    "레더", "피혁", "무역", "상사", "난원", "플라워", "파충류", "애니멀", "펫", "아쿠아", "버드파크", "농원", "바이오",
)


def person_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n synthetic personal names: (Korean '김민수', romanised 'Kim, Min-su')."""
    weights = np.array([w for _, _, w in SURNAMES])
    surname = rng.choice(len(SURNAMES), size=n, p=weights / weights.sum())
    first = rng.integers(0, len(GIVEN_SYLLABLES), n)
    second = rng.integers(0, len(GIVEN_SYLLABLES), n)
    korean = np.array(
        [SURNAMES[s][0] + GIVEN_SYLLABLES[a][0] + GIVEN_SYLLABLES[b][0] for s, a, b in zip(surname, first, second, strict=True)],
        dtype=object,
    )
    roman = np.array(
        [
            f"{SURNAMES[s][1]}, {GIVEN_SYLLABLES[a][1]}-{GIVEN_SYLLABLES[b][1].lower()}"
            for s, a, b in zip(surname, first, second, strict=True)
        ],
        dtype=object,
    )
    return korean, roman


def species_korean_names(rng: np.random.Generator, group: str, n: int) -> np.ndarray:
    """n Korean-looking common names for a taxon group (modifier(s) + base word)."""
    bases = GROUP_BASE_NAMES[group]
    base = rng.integers(0, len(bases), n)
    first = rng.integers(0, len(NAME_MODIFIERS), n)
    second = rng.integers(0, len(NAME_MODIFIERS), n)
    two_modifiers = rng.random(n) < 0.55
    names = []
    for b, m1, m2, two in zip(base, first, second, two_modifiers, strict=True):
        prefix = NAME_MODIFIERS[m1] + (NAME_MODIFIERS[m2] if two and m2 != m1 else "")
        names.append(prefix + bases[b])
    return np.array(names, dtype=object)


def place_names(rng: np.random.Generator, n: int) -> list[str]:
    """n place names such as '송월리' or '대산계곡'."""
    a = rng.integers(0, len(PLACE_STEMS), n)
    b = rng.integers(0, len(PLACE_STEMS), n)
    s = rng.integers(0, len(PLACE_SUFFIXES), n)
    return [PLACE_STEMS[i] + PLACE_STEMS[j] + PLACE_SUFFIXES[k] for i, j, k in zip(a, b, s, strict=True)]


def synthetic_addresses(rng: np.random.Generator, province_names: list[str], province_codes: list[str]) -> list[str]:
    """Addresses on the fictitious '가상로' road in a real district of each given province."""
    out = []
    numbers = rng.integers(1, 300, len(province_codes))
    sub = rng.integers(1, 40, len(province_codes))
    picks = rng.random(len(province_codes))
    for name, code, number, s, pick in zip(province_names, province_codes, numbers, sub, picks, strict=True):
        districts = DISTRICTS[code]
        district = districts[int(pick * len(districts))]
        out.append(f"{name} {district} 가상로 {number}-{s}")
    return out


def company_names(rng: np.random.Generator, n: int) -> list[str]:
    """n synthetic company names such as '(주)한빛레더'."""
    stems = rng.integers(0, len(COMPANY_STEMS), n)
    kinds = rng.integers(0, len(COMPANY_KINDS), n)
    incorporated = rng.random(n) < 0.6
    return [
        ("(주)" if inc else "") + COMPANY_STEMS[s] + COMPANY_KINDS[k]
        for s, k, inc in zip(stems, kinds, incorporated, strict=True)
    ]
