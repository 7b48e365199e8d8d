"""Write sample_data/reference/country_names_ko.csv: a Korean name for every country code the
project knows (the CITES trade codes and the world map's territories).

Names come from the Korean translations of ISO 3166-1 (current) and ISO 3166-3 (former
countries) in Debian's `iso-codes` package (LGPL-2.1-or-later), read with gettext from
/usr/share/locale/ko/LC_MESSAGES. The short forms Korean government documents use replace a few
formal names (대만, not 타이완, 중국령; 러시아, not 러시아 연방); CITES-only codes (XX, XV, ZZ,
regions) and former codes iso-codes does not translate are named here. Run it again after an
iso-codes upgrade: `python scripts/country_names_ko.py` (needs `apt-get install iso-codes`).
"""

from __future__ import annotations

import csv
import gettext
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ISO_CODES = Path("/usr/share/iso-codes/json")
OUT = REPO / "sample_data" / "reference" / "country_names_ko.csv"

# Short forms used in Korean government documents instead of the formal ISO names.
SHORT_FORMS = {
    "TW": "대만", "LA": "라오스", "KP": "북한", "IR": "이란", "SY": "시리아", "TZ": "탄자니아",
    "VE": "베네수엘라", "BO": "볼리비아", "RU": "러시아", "MD": "몰도바", "BN": "브루나이",
    "FM": "미크로네시아", "CD": "콩고민주공화국", "VA": "바티칸", "VG": "영국령 버진아일랜드",
    "VI": "미국령 버진아일랜드", "FK": "포클랜드 제도",
}
# Codes of the CITES Trade Database outside ISO 3166-1, and former countries iso-codes leaves in English.
CITES_CODES = {
    "XX": "미상", "XV": "여러 국가", "XF": "아프리카", "XS": "아시아", "XE": "유럽", "XM": "남아메리카",
    "XC": "카리브해", "XA": "프랑스령 앤틸리스", "ZZ": "해양으로부터의 반입", "KV": "코소보", "CP": "클리퍼턴섬",
    "ZC": "체코슬로바키아(구)", "ZR": "자이르(구)", "DD": "동독(구)", "SU": "소련(구)", "YU": "유고슬라비아(구)",
    "YD": "남예멘(구)", "PC": "태평양 신탁통치령(구)", "AN": "네덜란드령 앤틸리스(구)", "NT": "중립지대(구)",
    "CS": "세르비아·몬테네그로(구)",
}
# The world map's territories without an ISO code, keyed as sample_data.reference_data keys them.
MAP_ONLY = {"X:N. Cyprus": "북키프로스", "X:Somaliland": "소말릴란드", "X:Kosovo": "코소보"}


def rows() -> list[tuple[str, str, str]]:
    current = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["ko"])
    countries = json.loads((ISO_CODES / "iso_3166-1.json").read_text(encoding="utf-8"))["3166-1"]
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"], capture_output=True, text=True).stdout
    out = []
    for country in countries:
        code = country["alpha_2"]
        if code in SHORT_FORMS:
            out.append((code, SHORT_FORMS[code], "short form (Korean government usage)"))
        else:
            out.append((code, current.gettext(country["name"]), f"Debian iso-codes {version} (iso_3166-1, ko)"))
    out += [(code, name, "CITES Trade Database code") for code, name in CITES_CODES.items()]
    out += [(code, name, "world map territory") for code, name in MAP_ONLY.items()]
    return sorted(out)


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name_ko", "source"])
        writer.writerows(rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
