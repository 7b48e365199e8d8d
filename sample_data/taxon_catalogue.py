"""Taxon groups, name parts and real species used to build the sample national species list.

Figures come from shared/methods/korea_domain.md (§2.1 species list, §2.3 endangered wildlife,
§2.5 invasive species, §2.6 CITES). Real species carry their real Latin and Korean names; the
statuses given to them follow the cited lists where the source names them, and are otherwise
plausible sample values (marked "illustrative" below). Everything else the generator composes.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- taxon groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaxonGroup:
    """A dashboard taxon group with its 2025 size and how to compose names for it."""

    name: str
    name_ko: str
    national_2025: int  # species on the national list at end 2025 (§2.1, split as noted below)
    sample_floor: int  # minimum in the sample scale, so small groups can carry Red List rounds
    endemic_rate: float  # share of endemic species (§2.1: amphibians 22 %, mammals 0.8 %, fish 5 %)
    new_species_rate: float  # share of post-2008 additions described as new to science
    occurrence_weight: float  # share of occurrence records (birds and plants dominate real data)
    genus_suffixes: tuple[str, ...]
    families: tuple[str, ...]  # keys of FAMILY_TAXONOMY


# 2025 breakdown (§2.1): vertebrates 2,191 = mammals 126 + birds 555 + reptiles 34 + amphibians 22 +
# fishes 1,454; invertebrates 32,684 = insects 21,050 + others 11,634; plants 5,795 = vascular 4,840 +
# bryophytes 955; fungi 6,612; algae 6,709; protists 2,619; prokaryotes 5,994. Total 62,604.
TAXON_GROUPS: tuple[TaxonGroup, ...] = (
    TaxonGroup("Mammals", "포유류", 126, 40, 0.008, 0.02, 0.03, ("us", "ys", "omys", "odon", "ictis"),
               ("Muridae", "Sciuridae", "Vespertilionidae", "Rhinolophidae", "Mustelidae", "Soricidae",
                "Talpidae", "Cervidae", "Delphinidae", "Phocidae")),
    TaxonGroup("Birds", "조류", 555, 120, 0.002, 0.0, 0.25, ("us", "ornis", "ops", "ix", "a", "ella"),
               ("Anatidae", "Scolopacidae", "Charadriidae", "Laridae", "Accipitridae", "Strigidae",
                "Muscicapidae", "Paridae", "Emberizidae", "Phylloscopidae", "Corvidae", "Ardeidae",
                "Gruidae", "Rallidae", "Picidae", "Columbidae")),
    TaxonGroup("Reptiles", "파충류", 34, 18, 0.03, 0.0, 0.008, ("ophis", "saurus", "ura", "ops"),
               ("Colubridae", "Viperidae", "Lacertidae", "Scincidae", "Gekkonidae", "Geoemydidae", "Cheloniidae")),
    TaxonGroup("Amphibians", "양서류", 22, 16, 0.22, 0.05, 0.015, ("rana", "hyla", "triton", "batrachus"),
               ("Ranidae", "Hylidae", "Bufonidae", "Microhylidae", "Bombinatoridae", "Hynobiidae")),
    TaxonGroup("Fishes", "어류", 1454, 150, 0.05, 0.01, 0.05, ("ichthys", "ops", "us", "odon", "gobius", "cheilus"),
               ("Cyprinidae", "Cobitidae", "Gobionidae", "Acheilognathidae", "Bagridae", "Gobiidae",
                "Odontobutidae", "Cottidae", "Sebastidae", "Pleuronectidae", "Salmonidae", "Rajidae")),
    TaxonGroup("Insects", "곤충", 21050, 0, 0.045, 0.30, 0.20, ("a", "ia", "us", "ella", "ops", "ina", "ocera", "oides"),
               ("Carabidae", "Cerambycidae", "Chrysomelidae", "Curculionidae", "Staphylinidae", "Scarabaeidae",
                "Noctuidae", "Geometridae", "Erebidae", "Nymphalidae", "Lycaenidae", "Crambidae", "Ichneumonidae",
                "Braconidae", "Formicidae", "Tipulidae", "Chironomidae", "Syrphidae", "Cicadellidae",
                "Pentatomidae", "Miridae", "Libellulidae", "Acrididae", "Hydropsychidae")),
    TaxonGroup("Other invertebrates", "기타 무척추동물", 11634, 0, 0.04, 0.30, 0.06, ("a", "us", "ella", "ia", "opus", "aster", "caris"),
               ("Camaenidae", "Unionidae", "Littorinidae", "Araneidae", "Linyphiidae", "Salticidae",
                "Oribatulidae", "Varunidae", "Atyidae", "Gammaridae", "Megascolecidae", "Nereididae",
                "Rhabditidae", "Chalinidae", "Asteriidae", "Entomobryidae")),
    TaxonGroup("Vascular plants", "관속식물", 4840, 0, 0.07, 0.05, 0.25, ("a", "ia", "um", "anthus", "ella", "carpus", "phyllum"),
               ("Asteraceae", "Rosaceae", "Fabaceae", "Lamiaceae", "Ranunculaceae", "Caryophyllaceae",
                "Apiaceae", "Violaceae", "Ericaceae", "Fagaceae", "Poaceae", "Cyperaceae", "Orchidaceae",
                "Liliaceae", "Dryopteridaceae", "Pinaceae")),
    TaxonGroup("Bryophytes", "선태식물", 955, 0, 0.02, 0.05, 0.02, ("ium", "ella", "bryum", "dontium", "phyllum"),
               ("Hypnaceae", "Brachytheciaceae", "Dicranaceae", "Pottiaceae", "Frullaniaceae", "Marchantiaceae")),
    TaxonGroup("Algae", "조류(藻類)", 6709, 0, 0.02, 0.10, 0.03, ("phycus", "ella", "ia", "nema", "siphon", "thamnion"),
               ("Sargassaceae", "Laminariaceae", "Naviculaceae", "Rhodomelaceae", "Ulvaceae", "Codiaceae")),
    TaxonGroup("Fungi", "균류", 6612, 0, 0.03, 0.15, 0.04, ("myces", "ella", "ia", "ula", "ospora", "porus"),
               ("Agaricaceae", "Tricholomataceae", "Russulaceae", "Boletaceae", "Polyporaceae",
                "Cordycipitaceae", "Parmeliaceae", "Aspergillaceae", "Omphalotaceae")),
    TaxonGroup("Protists", "원생생물", 2619, 0, 0.01, 0.20, 0.005, ("monas", "ella", "ium", "opsis", "phrys"),
               ("Euplotidae", "Parameciidae", "Euglenaceae", "Arcellidae", "Ceratiaceae", "Elphidiidae")),
    TaxonGroup("Prokaryotes", "원핵생물", 5994, 0, 0.01, 0.50, 0.006, ("bacter", "bacterium", "coccus", "monas", "spira", "bacillus"),
               ("Pseudomonadaceae", "Rhodobacteraceae", "Flavobacteriaceae", "Streptomycetaceae", "Bacillaceae",
                "Methanobacteriaceae")),
)
GROUP_BY_NAME: dict[str, TaxonGroup] = {g.name: g for g in TAXON_GROUPS}

# Family → (kingdom, phylum, class, order). Covers the composed families and the real species.
FAMILY_TAXONOMY: dict[str, tuple[str, str, str, str]] = {
    # mammals
    "Muridae": ("Animalia", "Chordata", "Mammalia", "Rodentia"),
    "Sciuridae": ("Animalia", "Chordata", "Mammalia", "Rodentia"),
    "Echimyidae": ("Animalia", "Chordata", "Mammalia", "Rodentia"),
    "Vespertilionidae": ("Animalia", "Chordata", "Mammalia", "Chiroptera"),
    "Rhinolophidae": ("Animalia", "Chordata", "Mammalia", "Chiroptera"),
    "Mustelidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Canidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Felidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Ursidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Phocidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Otariidae": ("Animalia", "Chordata", "Mammalia", "Carnivora"),
    "Soricidae": ("Animalia", "Chordata", "Mammalia", "Eulipotyphla"),
    "Talpidae": ("Animalia", "Chordata", "Mammalia", "Eulipotyphla"),
    "Cervidae": ("Animalia", "Chordata", "Mammalia", "Artiodactyla"),
    "Moschidae": ("Animalia", "Chordata", "Mammalia", "Artiodactyla"),
    "Bovidae": ("Animalia", "Chordata", "Mammalia", "Artiodactyla"),
    "Giraffidae": ("Animalia", "Chordata", "Mammalia", "Artiodactyla"),
    "Equidae": ("Animalia", "Chordata", "Mammalia", "Perissodactyla"),
    "Elephantidae": ("Animalia", "Chordata", "Mammalia", "Proboscidea"),
    "Delphinidae": ("Animalia", "Chordata", "Mammalia", "Cetacea"),
    "Phocoenidae": ("Animalia", "Chordata", "Mammalia", "Cetacea"),
    "Cebidae": ("Animalia", "Chordata", "Mammalia", "Primates"),
    "Callitrichidae": ("Animalia", "Chordata", "Mammalia", "Primates"),
    # birds
    "Anatidae": ("Animalia", "Chordata", "Aves", "Anseriformes"),
    "Scolopacidae": ("Animalia", "Chordata", "Aves", "Charadriiformes"),
    "Charadriidae": ("Animalia", "Chordata", "Aves", "Charadriiformes"),
    "Haematopodidae": ("Animalia", "Chordata", "Aves", "Charadriiformes"),
    "Laridae": ("Animalia", "Chordata", "Aves", "Charadriiformes"),
    "Accipitridae": ("Animalia", "Chordata", "Aves", "Accipitriformes"),
    "Falconidae": ("Animalia", "Chordata", "Aves", "Falconiformes"),
    "Strigidae": ("Animalia", "Chordata", "Aves", "Strigiformes"),
    "Muscicapidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Paridae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Emberizidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Phylloscopidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Corvidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Alaudidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Pittidae": ("Animalia", "Chordata", "Aves", "Passeriformes"),
    "Ardeidae": ("Animalia", "Chordata", "Aves", "Pelecaniformes"),
    "Threskiornithidae": ("Animalia", "Chordata", "Aves", "Pelecaniformes"),
    "Ciconiidae": ("Animalia", "Chordata", "Aves", "Ciconiiformes"),
    "Gruidae": ("Animalia", "Chordata", "Aves", "Gruiformes"),
    "Otididae": ("Animalia", "Chordata", "Aves", "Otidiformes"),
    "Rallidae": ("Animalia", "Chordata", "Aves", "Gruiformes"),
    "Picidae": ("Animalia", "Chordata", "Aves", "Piciformes"),
    "Columbidae": ("Animalia", "Chordata", "Aves", "Columbiformes"),
    "Psittacidae": ("Animalia", "Chordata", "Aves", "Psittaciformes"),
    "Psittaculidae": ("Animalia", "Chordata", "Aves", "Psittaciformes"),
    "Cacatuidae": ("Animalia", "Chordata", "Aves", "Psittaciformes"),
    # reptiles
    "Colubridae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Viperidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Lacertidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Scincidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Gekkonidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Pythonidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Boidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Varanidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Teiidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Chamaeleonidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Iguanidae": ("Animalia", "Chordata", "Reptilia", "Squamata"),
    "Geoemydidae": ("Animalia", "Chordata", "Reptilia", "Testudines"),
    "Emydidae": ("Animalia", "Chordata", "Reptilia", "Testudines"),
    "Chelydridae": ("Animalia", "Chordata", "Reptilia", "Testudines"),
    "Testudinidae": ("Animalia", "Chordata", "Reptilia", "Testudines"),
    "Cheloniidae": ("Animalia", "Chordata", "Reptilia", "Testudines"),
    "Alligatoridae": ("Animalia", "Chordata", "Reptilia", "Crocodylia"),
    "Crocodylidae": ("Animalia", "Chordata", "Reptilia", "Crocodylia"),
    # amphibians
    "Ranidae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Hylidae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Bufonidae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Pipidae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Microhylidae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Bombinatoridae": ("Animalia", "Chordata", "Amphibia", "Anura"),
    "Hynobiidae": ("Animalia", "Chordata", "Amphibia", "Caudata"),
    "Plethodontidae": ("Animalia", "Chordata", "Amphibia", "Caudata"),
    # fishes
    "Cyprinidae": ("Animalia", "Chordata", "Actinopterygii", "Cypriniformes"),
    "Xenocyprididae": ("Animalia", "Chordata", "Actinopterygii", "Cypriniformes"),
    "Cobitidae": ("Animalia", "Chordata", "Actinopterygii", "Cypriniformes"),
    "Gobionidae": ("Animalia", "Chordata", "Actinopterygii", "Cypriniformes"),
    "Acheilognathidae": ("Animalia", "Chordata", "Actinopterygii", "Cypriniformes"),
    "Bagridae": ("Animalia", "Chordata", "Actinopterygii", "Siluriformes"),
    "Amblycipitidae": ("Animalia", "Chordata", "Actinopterygii", "Siluriformes"),
    "Gobiidae": ("Animalia", "Chordata", "Actinopterygii", "Gobiiformes"),
    "Odontobutidae": ("Animalia", "Chordata", "Actinopterygii", "Gobiiformes"),
    "Cottidae": ("Animalia", "Chordata", "Actinopterygii", "Perciformes"),
    "Sebastidae": ("Animalia", "Chordata", "Actinopterygii", "Perciformes"),
    "Centropomidae": ("Animalia", "Chordata", "Actinopterygii", "Perciformes"),
    "Sinipercidae": ("Animalia", "Chordata", "Actinopterygii", "Centrarchiformes"),
    "Centrarchidae": ("Animalia", "Chordata", "Actinopterygii", "Centrarchiformes"),
    "Gasterosteidae": ("Animalia", "Chordata", "Actinopterygii", "Gasterosteiformes"),
    "Pleuronectidae": ("Animalia", "Chordata", "Actinopterygii", "Pleuronectiformes"),
    "Salmonidae": ("Animalia", "Chordata", "Actinopterygii", "Salmoniformes"),
    "Osteoglossidae": ("Animalia", "Chordata", "Actinopterygii", "Osteoglossiformes"),
    "Acipenseridae": ("Animalia", "Chordata", "Actinopterygii", "Acipenseriformes"),
    "Rajidae": ("Animalia", "Chordata", "Elasmobranchii", "Rajiformes"),
    # insects
    "Carabidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Cicindelidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Cerambycidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Chrysomelidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Curculionidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Staphylinidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Scarabaeidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Lucanidae": ("Animalia", "Arthropoda", "Insecta", "Coleoptera"),
    "Noctuidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Geometridae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Erebidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Nymphalidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Lycaenidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Papilionidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Pieridae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Hesperiidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Crambidae": ("Animalia", "Arthropoda", "Insecta", "Lepidoptera"),
    "Ichneumonidae": ("Animalia", "Arthropoda", "Insecta", "Hymenoptera"),
    "Braconidae": ("Animalia", "Arthropoda", "Insecta", "Hymenoptera"),
    "Formicidae": ("Animalia", "Arthropoda", "Insecta", "Hymenoptera"),
    "Vespidae": ("Animalia", "Arthropoda", "Insecta", "Hymenoptera"),
    "Tipulidae": ("Animalia", "Arthropoda", "Insecta", "Diptera"),
    "Chironomidae": ("Animalia", "Arthropoda", "Insecta", "Diptera"),
    "Syrphidae": ("Animalia", "Arthropoda", "Insecta", "Diptera"),
    "Cicadellidae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Pentatomidae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Miridae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Belostomatidae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Fulgoridae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Ricaniidae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Flatidae": ("Animalia", "Arthropoda", "Insecta", "Hemiptera"),
    "Libellulidae": ("Animalia", "Arthropoda", "Insecta", "Odonata"),
    "Acrididae": ("Animalia", "Arthropoda", "Insecta", "Orthoptera"),
    "Hydropsychidae": ("Animalia", "Arthropoda", "Insecta", "Trichoptera"),
    # other invertebrates
    "Camaenidae": ("Animalia", "Mollusca", "Gastropoda", "Stylommatophora"),
    "Ellobiidae": ("Animalia", "Mollusca", "Gastropoda", "Ellobiida"),
    "Charoniidae": ("Animalia", "Mollusca", "Gastropoda", "Littorinimorpha"),
    "Littorinidae": ("Animalia", "Mollusca", "Gastropoda", "Littorinimorpha"),
    "Ampullariidae": ("Animalia", "Mollusca", "Gastropoda", "Architaenioglossa"),
    "Unionidae": ("Animalia", "Mollusca", "Bivalvia", "Unionida"),
    "Araneidae": ("Animalia", "Arthropoda", "Arachnida", "Araneae"),
    "Linyphiidae": ("Animalia", "Arthropoda", "Arachnida", "Araneae"),
    "Salticidae": ("Animalia", "Arthropoda", "Arachnida", "Araneae"),
    "Oribatulidae": ("Animalia", "Arthropoda", "Arachnida", "Sarcoptiformes"),
    "Varunidae": ("Animalia", "Arthropoda", "Malacostraca", "Decapoda"),
    "Sesarmidae": ("Animalia", "Arthropoda", "Malacostraca", "Decapoda"),
    "Cambaridae": ("Animalia", "Arthropoda", "Malacostraca", "Decapoda"),
    "Atyidae": ("Animalia", "Arthropoda", "Malacostraca", "Decapoda"),
    "Gammaridae": ("Animalia", "Arthropoda", "Malacostraca", "Amphipoda"),
    "Megascolecidae": ("Animalia", "Annelida", "Clitellata", "Crassiclitellata"),
    "Nereididae": ("Animalia", "Annelida", "Polychaeta", "Phyllodocida"),
    "Rhabditidae": ("Animalia", "Nematoda", "Chromadorea", "Rhabditida"),
    "Chalinidae": ("Animalia", "Porifera", "Demospongiae", "Haplosclerida"),
    "Primnoidae": ("Animalia", "Cnidaria", "Anthozoa", "Alcyonacea"),
    "Acroporidae": ("Animalia", "Cnidaria", "Anthozoa", "Scleractinia"),
    "Euphylliidae": ("Animalia", "Cnidaria", "Anthozoa", "Scleractinia"),
    "Fungiidae": ("Animalia", "Cnidaria", "Anthozoa", "Scleractinia"),
    "Tubiporidae": ("Animalia", "Cnidaria", "Anthozoa", "Alcyonacea"),
    "Asteriidae": ("Animalia", "Echinodermata", "Asteroidea", "Forcipulatida"),
    "Entomobryidae": ("Animalia", "Arthropoda", "Collembola", "Entomobryomorpha"),
    # vascular plants
    "Asteraceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Asterales"),
    "Campanulaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Asterales"),
    "Rosaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Rosales"),
    "Fabaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Fabales"),
    "Lamiaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Lamiales"),
    "Oleaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Lamiales"),
    "Ranunculaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Ranunculales"),
    "Caryophyllaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Caryophyllales"),
    "Polygonaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Caryophyllales"),
    "Apiaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Apiales"),
    "Araliaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Apiales"),
    "Violaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Malpighiales"),
    "Ericaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Ericales"),
    "Diapensiaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Ericales"),
    "Fagaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Fagales"),
    "Hamamelidaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Saxifragales"),
    "Saxifragaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Saxifragales"),
    "Malvaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Malvales"),
    "Thymelaeaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Malvales"),
    "Nymphaeaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Nymphaeales"),
    "Cabombaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Nymphaeales"),
    "Cucurbitaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Cucurbitales"),
    "Solanaceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Solanales"),
    "Onagraceae": ("Plantae", "Tracheophyta", "Magnoliopsida", "Myrtales"),
    "Poaceae": ("Plantae", "Tracheophyta", "Liliopsida", "Poales"),
    "Cyperaceae": ("Plantae", "Tracheophyta", "Liliopsida", "Poales"),
    "Araceae": ("Plantae", "Tracheophyta", "Liliopsida", "Alismatales"),
    "Orchidaceae": ("Plantae", "Tracheophyta", "Liliopsida", "Asparagales"),
    "Iridaceae": ("Plantae", "Tracheophyta", "Liliopsida", "Asparagales"),
    "Liliaceae": ("Plantae", "Tracheophyta", "Liliopsida", "Liliales"),
    "Dryopteridaceae": ("Plantae", "Tracheophyta", "Polypodiopsida", "Polypodiales"),
    "Ophioglossaceae": ("Plantae", "Tracheophyta", "Polypodiopsida", "Ophioglossales"),
    "Salviniaceae": ("Plantae", "Tracheophyta", "Polypodiopsida", "Salviniales"),
    "Pinaceae": ("Plantae", "Tracheophyta", "Pinopsida", "Pinales"),
    # bryophytes
    "Hypnaceae": ("Plantae", "Bryophyta", "Bryopsida", "Hypnales"),
    "Brachytheciaceae": ("Plantae", "Bryophyta", "Bryopsida", "Hypnales"),
    "Dicranaceae": ("Plantae", "Bryophyta", "Bryopsida", "Dicranales"),
    "Pottiaceae": ("Plantae", "Bryophyta", "Bryopsida", "Pottiales"),
    "Frullaniaceae": ("Plantae", "Marchantiophyta", "Jungermanniopsida", "Porellales"),
    "Marchantiaceae": ("Plantae", "Marchantiophyta", "Marchantiopsida", "Marchantiales"),
    # algae
    "Sargassaceae": ("Chromista", "Ochrophyta", "Phaeophyceae", "Fucales"),
    "Laminariaceae": ("Chromista", "Ochrophyta", "Phaeophyceae", "Laminariales"),
    "Naviculaceae": ("Chromista", "Bacillariophyta", "Bacillariophyceae", "Naviculales"),
    "Rhodomelaceae": ("Plantae", "Rhodophyta", "Florideophyceae", "Ceramiales"),
    "Ulvaceae": ("Plantae", "Chlorophyta", "Ulvophyceae", "Ulvales"),
    "Codiaceae": ("Plantae", "Chlorophyta", "Ulvophyceae", "Bryopsidales"),
    "Siphonocladaceae": ("Plantae", "Chlorophyta", "Ulvophyceae", "Cladophorales"),
    # fungi
    "Agaricaceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Agaricales"),
    "Tricholomataceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Agaricales"),
    "Omphalotaceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Agaricales"),
    "Russulaceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Russulales"),
    "Boletaceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Boletales"),
    "Polyporaceae": ("Fungi", "Basidiomycota", "Agaricomycetes", "Polyporales"),
    "Cordycipitaceae": ("Fungi", "Ascomycota", "Sordariomycetes", "Hypocreales"),
    "Parmeliaceae": ("Fungi", "Ascomycota", "Lecanoromycetes", "Lecanorales"),
    "Aspergillaceae": ("Fungi", "Ascomycota", "Eurotiomycetes", "Eurotiales"),
    # protists
    "Euplotidae": ("Protozoa", "Ciliophora", "Spirotrichea", "Euplotida"),
    "Parameciidae": ("Protozoa", "Ciliophora", "Oligohymenophorea", "Peniculida"),
    "Euglenaceae": ("Protozoa", "Euglenozoa", "Euglenophyceae", "Euglenales"),
    "Arcellidae": ("Protozoa", "Amoebozoa", "Tubulinea", "Arcellinida"),
    "Ceratiaceae": ("Chromista", "Myzozoa", "Dinophyceae", "Gonyaulacales"),
    "Elphidiidae": ("Chromista", "Foraminifera", "Globothalamea", "Rotaliida"),
    # prokaryotes
    "Pseudomonadaceae": ("Bacteria", "Pseudomonadota", "Gammaproteobacteria", "Pseudomonadales"),
    "Rhodobacteraceae": ("Bacteria", "Pseudomonadota", "Alphaproteobacteria", "Rhodobacterales"),
    "Flavobacteriaceae": ("Bacteria", "Bacteroidota", "Flavobacteriia", "Flavobacteriales"),
    "Streptomycetaceae": ("Bacteria", "Actinomycetota", "Actinomycetes", "Kitasatosporales"),
    "Bacillaceae": ("Bacteria", "Bacillota", "Bacilli", "Caryophanales"),
    "Methanobacteriaceae": ("Archaea", "Methanobacteriota", "Methanobacteria", "Methanobacteriales"),
}

# --- growth of the national list ---------------------------------------------------------------

# Year-end totals of the national species list (§2.1). 1996 is the first official count; taxa
# counted then get year_listed = 1996. Years in between are interpolated linearly.
LIST_TOTALS: dict[int, int] = {
    1996: 28462, 2013: 41483, 2016: 47003, 2017: 49027, 2018: 50827, 2019: 52628, 2020: 54428,
    2021: 56248, 2022: 58050, 2023: 60010, 2024: 61230, 2025: 62604,
}

# Group sizes at the anchor years of §2.1's breakdown; used as shares of the yearly totals.
# Vertebrate and plant splits for 2016 are from the 2016 detail; 2019/2020 splits are interpolated.
GROUP_ANCHORS: dict[str, dict[int, int]] = {
    "Mammals": {2016: 125, 2025: 126},
    "Birds": {2016: 522, 2025: 555},
    "Reptiles": {2016: 31, 2025: 34},
    "Amphibians": {2016: 21, 2025: 22},
    "Fishes": {2016: 1272, 2025: 1454},
    "Insects": {2016: 16577, 2019: 18638, 2020: 19249, 2025: 21050},
    "Other invertebrates": {2016: 8920, 2019: 10028, 2020: 10190, 2025: 11634},
    "Vascular plants": {2016: 4455, 2019: 4580, 2020: 4612, 2025: 4840},
    "Bryophytes": {2016: 924, 2019: 937, 2020: 945, 2025: 955},
    "Algae": {2016: 5857, 2019: 6158, 2020: 6303, 2025: 6709},
    "Fungi": {2016: 4840, 2019: 5421, 2020: 5616, 2025: 6612},
    "Protists": {2016: 1750, 2019: 2018, 2020: 2256, 2025: 2619},
    "Prokaryotes": {2016: 1709, 2019: 2839, 2020: 3229, 2025: 5994},
}

# --- Latin name parts --------------------------------------------------------------------------

GENUS_ROOTS: tuple[str, ...] = (
    "Acantho", "Aga", "Allo", "Ambly", "Ana", "Antho", "Argy", "Astro", "Brachy", "Caly", "Cera", "Chloro",
    "Chryso", "Cteno", "Cyano", "Dasy", "Dendro", "Dicho", "Eury", "Glypto", "Gymno", "Hemi", "Hetero",
    "Holo", "Hydro", "Hypo", "Iso", "Lampro", "Lepto", "Leuco", "Lopho", "Macro", "Mega", "Melano", "Meso",
    "Micro", "Mono", "Neo", "Noto", "Ochro", "Oligo", "Ortho", "Oxy", "Pachy", "Para", "Peri", "Phaeo",
    "Phyllo", "Platy", "Pleuro", "Poly", "Proto", "Pseudo", "Pycno", "Rhino", "Rhodo", "Sarco", "Schizo",
    "Sclero", "Steno", "Strepto", "Tachy", "Thalasso", "Trachy", "Tricho", "Xantho", "Xylo", "Zygo",
    "Coreo", "Koreo", "Sino", "Nippo", "Hanguk", "Tamna", "Baekdu", "Halla", "Jiri", "Sorak",
)
GENUS_STEMS: tuple[str, ...] = (
    "", "bat", "can", "cel", "cor", "dact", "derm", "gnath", "lep", "lop", "mer", "morph", "phil", "phor",
    "pod", "pter", "rhynch", "som", "stom", "therm", "thr", "top", "cent", "clad", "gon", "nem", "zon",
)

# Specific epithets as (stem, masculine, feminine, neuter) so that they agree with the genus.
EPITHETS: tuple[tuple[str, str, str, str], ...] = tuple(
    (stem, m, f, n)
    for stem, m, f, n in [
        ("korean", "us", "a", "um"), ("corean", "us", "a", "um"), ("koreens", "is", "is", "e"),
        ("coreens", "is", "is", "e"), ("chejuens", "is", "is", "e"), ("jejuens", "is", "is", "e"),
        ("hallasanens", "is", "is", "e"), ("jirisanens", "is", "is", "e"), ("seoraksanens", "is", "is", "e"),
        ("namhaens", "is", "is", "e"), ("ulleungens", "is", "is", "e"), ("taebaekens", "is", "is", "e"),
        ("japonic", "us", "a", "um"), ("sinens", "is", "is", "e"), ("chinens", "is", "is", "e"),
        ("oriental", "is", "is", "e"), ("asiatic", "us", "a", "um"), ("ussuriens", "is", "is", "e"),
        ("amurens", "is", "is", "e"), ("mandshuric", "us", "a", "um"), ("sachalinens", "is", "is", "e"),
        ("alb", "us", "a", "um"), ("nigr", "us", "a", "um"), ("rubr", "us", "a", "um"), ("flav", "us", "a", "um"),
        ("virid", "is", "is", "e"), ("caerule", "us", "a", "um"), ("aure", "us", "a", "um"),
        ("maculat", "us", "a", "um"), ("striat", "us", "a", "um"), ("punctat", "us", "a", "um"),
        ("fasciat", "us", "a", "um"), ("lineat", "us", "a", "um"), ("ornat", "us", "a", "um"),
        ("elegans", "", "", ""), ("gracil", "is", "is", "e"), ("minor", "", "", ""), ("major", "", "", ""),
        ("minut", "us", "a", "um"), ("gigante", "us", "a", "um"), ("longicorn", "is", "is", "e"),
        ("brevicorn", "is", "is", "e"), ("montan", "us", "a", "um"), ("sylvatic", "us", "a", "um"),
        ("aquatic", "us", "a", "um"), ("palustr", "is", "is", "e"), ("marin", "us", "a", "um"),
        ("littoral", "is", "is", "e"), ("rupestr", "is", "is", "e"), ("arenari", "us", "a", "um"),
        ("campestr", "is", "is", "e"), ("boreal", "is", "is", "e"), ("austral", "is", "is", "e"),
        ("vulgar", "is", "is", "e"), ("commun", "is", "is", "e"), ("pubescens", "", "", ""),
        ("glabr", "us", "a", "um"), ("hirsut", "us", "a", "um"), ("serrat", "us", "a", "um"),
        ("crenat", "us", "a", "um"), ("obscur", "us", "a", "um"), ("pallid", "us", "a", "um"),
        ("fusc", "us", "a", "um"), ("brunne", "us", "a", "um"), ("ferrugine", "us", "a", "um"),
        ("cinere", "us", "a", "um"), ("nitid", "us", "a", "um"), ("splendens", "", "", ""),
        ("tenu", "is", "is", "e"), ("robust", "us", "a", "um"), ("crass", "us", "a", "um"),
        ("simplex", "", "", ""), ("bifid", "us", "a", "um"), ("trifasciat", "us", "a", "um"),
        ("quadrimaculat", "us", "a", "um"), ("sexpunctat", "us", "a", "um"), ("septentrional", "is", "is", "e"),
        ("insular", "is", "is", "e"), ("pacific", "us", "a", "um"), ("tsushimens", "is", "is", "e"),
        ("kimi", "", "", ""), ("leei", "", "", ""), ("parki", "", "", ""), ("choii", "", "", ""),
        ("jungi", "", "", ""), ("uchidai", "", "", ""), ("nakaii", "", "", ""), ("moriii", "", "", ""),
        ("okamotoi", "", "", ""), ("doii", "", "", ""), ("yoonae", "", "", ""), ("hani", "", "", ""),
        ("coreanicol", "a", "a", "a"), ("silvicol", "a", "a", "a"), ("cavernicol", "a", "a", "a"),
        ("rivular", "is", "is", "e"), ("lacustr", "is", "is", "e"), ("fluviatil", "is", "is", "e"),
        ("alpin", "us", "a", "um"), ("subalpin", "us", "a", "um"), ("tropic", "us", "a", "um"),
        ("hyalin", "us", "a", "um"), ("spinos", "us", "a", "um"), ("villos", "us", "a", "um"),
        ("reticulat", "us", "a", "um"), ("undulat", "us", "a", "um"), ("pict", "us", "a", "um"),
        ("variabil", "is", "is", "e"), ("mirabil", "is", "is", "e"), ("similis", "", "", ""),
        ("affin", "is", "is", "e"), ("confus", "us", "a", "um"), ("dubi", "us", "a", "um"),
    ]
)

# Epithets for foreign species (species of concern for introduction and established aliens).
FOREIGN_EPITHETS: tuple[tuple[str, str, str, str], ...] = (
    ("american", "us", "a", "um"), ("african", "us", "a", "um"), ("australiens", "is", "is", "e"),
    ("brasiliens", "is", "is", "e"), ("mexican", "us", "a", "um"), ("floridan", "us", "a", "um"),
    ("texan", "us", "a", "um"), ("capens", "is", "is", "e"), ("indic", "us", "a", "um"),
    ("malayan", "us", "a", "um"), ("javanic", "us", "a", "um"), ("amazonic", "us", "a", "um"),
    ("europae", "us", "a", "um"), ("canadens", "is", "is", "e"), ("californic", "us", "a", "um"),
    ("peruvian", "us", "a", "um"), ("chilens", "is", "is", "e"), ("argentin", "us", "a", "um"),
    ("caribae", "us", "a", "um"), ("madagascariens", "is", "is", "e"), ("nilotic", "us", "a", "um"),
    ("guineens", "is", "is", "e"), ("bengalens", "is", "is", "e"), ("philippinens", "is", "is", "e"),
    ("borneens", "is", "is", "e"), ("sumatran", "us", "a", "um"), ("zelandic", "us", "a", "um"),
    ("invasiv", "us", "a", "um"), ("adven", "a", "a", "a"), ("peregrin", "us", "a", "um"),
)

# Genus endings → grammatical gender of the epithet (m, f or n).
GENUS_GENDER: tuple[tuple[str, str], ...] = (
    ("bacterium", "n"), ("phyllum", "n"), ("dontium", "n"), ("bryum", "n"), ("nema", "n"), ("ium", "n"),
    ("um", "n"), ("thamnion", "n"), ("siphon", "m"), ("myces", "m"), ("bacter", "m"), ("coccus", "m"),
    ("bacillus", "m"), ("porus", "m"), ("us", "m"), ("ys", "m"), ("ops", "m"), ("odon", "m"), ("ix", "f"),
    ("ichthys", "m"), ("ornis", "f"), ("ophis", "m"), ("saurus", "m"), ("ictis", "f"), ("triton", "m"),
    ("batrachus", "m"), ("gobius", "m"), ("cheilus", "m"), ("caris", "f"), ("aster", "m"), ("opus", "m"),
    ("carpus", "m"), ("anthus", "m"), ("ospora", "f"), ("a", "f"),
)

# Authors and the years they published in; composed authorships respect these spans.
AUTHORS: tuple[tuple[str, int, int], ...] = (
    ("Linnaeus", 1758, 1767), ("Fabricius", 1775, 1805), ("Thunberg", 1780, 1800), ("Pallas", 1771, 1811),
    ("Motschulsky", 1845, 1866), ("Maximowicz", 1859, 1890), ("Miquel", 1860, 1870), ("Bates", 1866, 1892),
    ("Swinhoe", 1860, 1877), ("Jordan & Starks", 1905, 1907), ("Nakai", 1909, 1952), ("Okamoto", 1920, 1940),
    ("Doi", 1930, 1940), ("Mori", 1927, 1952), ("Uchida", 1926, 1960), ("Cho", 1950, 2000), ("Kim", 1960, 2025),
    ("Lee", 1970, 2025), ("Park", 1980, 2025), ("Kwon", 1980, 2020), ("Choi", 1990, 2025), ("Jung", 2000, 2025),
    ("Oh", 2005, 2025), ("Kim & Lee", 1985, 2025), ("Park & Kim", 1995, 2025), ("Han et al.", 2008, 2025),
)
KOREAN_AUTHORS: tuple[str, ...] = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Kim & Lee", "Park et al.")
# Botanical authorships carry no year (plants, algae, fungi, bryophytes).
BOTANICAL_AUTHORS: tuple[str, ...] = (
    "Nakai", "Maxim.", "Miq.", "Thunb.", "H.Lév.", "Kitag.", "Uyeki", "Ohwi", "Makino", "Kom.", "Regel",
    "Franch. & Sav.", "Siebold & Zucc.", "T.B.Lee", "Y.N.Lee", "B.Y.Sun", "Y.Lim, Hyun & H.Shin", "S.H.Kang",
    "W.T.Lee", "C.S.Chang", "Okamura", "Kützing", "Harvey", "(Nakai) Nakai", "(Maxim.) Kom.", "(Miq.) Nakai",
)
KOREAN_BOTANICAL_AUTHORS: tuple[str, ...] = ("B.Y.Sun", "Y.N.Lee", "C.S.Chang", "S.H.Kang", "H.S.Kim", "J.H.Lee", "S.M.Boo")

# --- real species -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealSpecies:
    """A real native species with the legal statuses the sample gives it.

    `endangered` holds the class on the 2012, 2018 and 2022 lists ('I', 'II' or '-' not listed).
    `red_list` is the latest national Red List category when the source names it.
    """

    group: str
    scientific_name: str
    authorship: str
    korean_name: str
    family: str
    endangered: tuple[str, str, str] = ("-", "-", "-")
    rank: str = "species"
    endemic: bool = False
    cites: str | None = None  # appendix
    red_list: str | None = None
    natural_monument: bool = False


def _r(group: str, name: str, author: str, ko: str, family: str, e12: str = "-", e18: str = "-", e22: str = "-",
       **extra: object) -> RealSpecies:
    rank = "subspecies" if name.count(" ") == 2 and " var. " not in name else (
        "variety" if " var. " in name else "species")
    return RealSpecies(group, name, author, ko, family, (e12, e18, e22), rank, **extra)  # type: ignore[arg-type]


# Endangered wildlife (§2.3): the 2018 mammal list is complete (20 = I 12 + II 8); the 2022 changes
# named in §2.3 are applied (8 uplisted, peregrine falcon downlisted, 4 delisted, new listings).
# Classes on the 2012 list and the Red List categories not named in §2.2 are illustrative.
REAL_SPECIES: tuple[RealSpecies, ...] = (
    # Mammals
    _r("Mammals", "Panthera tigris altaica", "Temminck, 1844", "호랑이", "Felidae", "I", "I", "I", cites="I", red_list="RE", natural_monument=False),
    _r("Mammals", "Panthera pardus orientalis", "(Schlegel, 1857)", "표범", "Felidae", "I", "I", "I", cites="I", red_list="RE"),
    _r("Mammals", "Canis lupus coreanus", "Abe, 1923", "늑대", "Canidae", "I", "I", "I", cites="II", red_list="RE"),
    _r("Mammals", "Lynx lynx", "(Linnaeus, 1758)", "스라소니", "Felidae", "I", "I", "I", cites="II", red_list="RE"),
    _r("Mammals", "Zalophus japonicus", "(Peters, 1866)", "강치", "Otariidae", red_list="RE"),
    _r("Mammals", "Ursus thibetanus ussuricus", "(Heude, 1901)", "반달가슴곰", "Ursidae", "I", "I", "I", cites="I", red_list="EN", natural_monument=True),
    _r("Mammals", "Moschus moschiferus", "Linnaeus, 1758", "사향노루", "Moschidae", "I", "I", "I", cites="II", red_list="CR", natural_monument=True),
    _r("Mammals", "Cervus nippon hortulorum", "Swinhoe, 1864", "대륙사슴", "Cervidae", "I", "I", "I", red_list="CR"),
    _r("Mammals", "Naemorhedus caudatus", "(Milne-Edwards, 1867)", "산양", "Bovidae", "I", "I", "I", cites="I", red_list="EN", natural_monument=True),
    _r("Mammals", "Lutra lutra", "(Linnaeus, 1758)", "수달", "Mustelidae", "I", "I", "I", cites="I", red_list="VU", natural_monument=True),
    _r("Mammals", "Vulpes vulpes", "(Linnaeus, 1758)", "여우", "Canidae", "I", "I", "I", red_list="EN"),
    _r("Mammals", "Myotis rufoniger", "(Tomes, 1858)", "붉은박쥐", "Vespertilionidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Mammals", "Murina ussuriensis", "Ognev, 1913", "작은관코박쥐", "Vespertilionidae", "II", "I", "I", red_list="EN"),
    _r("Mammals", "Martes flavigula", "(Boddaert, 1785)", "담비", "Mustelidae", "II", "II", "II", red_list="VU"),
    _r("Mammals", "Mustela nivalis mosanensis", "Mori, 1927", "무산쇠족제비", "Mustelidae", "II", "II", "I", red_list="VU"),
    _r("Mammals", "Callorhinus ursinus", "(Linnaeus, 1758)", "물개", "Otariidae", "II", "II", "II", red_list="VU"),
    _r("Mammals", "Phoca largha", "Pallas, 1811", "물범", "Phocidae", "II", "II", "I", red_list="VU", natural_monument=True),
    _r("Mammals", "Prionailurus bengalensis", "(Kerr, 1792)", "삵", "Felidae", "II", "II", "II", cites="II", red_list="VU"),
    _r("Mammals", "Eumetopias jubatus", "(Schreber, 1776)", "큰바다사자", "Otariidae", "II", "II", "II", red_list="VU"),
    _r("Mammals", "Plecotus ognevi", "Kishida, 1927", "토끼박쥐", "Vespertilionidae", "II", "II", "II", red_list="VU"),
    _r("Mammals", "Pteromys volans aluco", "(Thomas, 1907)", "하늘다람쥐", "Sciuridae", "II", "II", "II", red_list="NT", natural_monument=True),
    _r("Mammals", "Neophocaena asiaeorientalis", "(Pilleri & Gihr, 1972)", "상괭이", "Phocoenidae", cites="I", red_list="DD"),
    # Birds (I 14 on the 2018 list; CR in 2019 per §2.2)
    _r("Birds", "Aquila chrysaetos", "(Linnaeus, 1758)", "검독수리", "Accipitridae", "I", "I", "I", cites="II", red_list="EN", natural_monument=True),
    _r("Birds", "Egretta eulophotes", "(Swinhoe, 1860)", "노랑부리백로", "Ardeidae", "I", "I", "I", red_list="VU", natural_monument=True),
    _r("Birds", "Grus japonensis", "(Statius Müller, 1776)", "두루미", "Gruidae", "I", "I", "I", cites="I", red_list="EN", natural_monument=True),
    _r("Birds", "Falco peregrinus", "Tunstall, 1771", "매", "Falconidae", "I", "I", "II", cites="I", red_list="VU", natural_monument=True),
    _r("Birds", "Haliaeetus pelagicus", "(Pallas, 1811)", "참수리", "Accipitridae", "I", "I", "I", cites="II", red_list="EN", natural_monument=True),
    _r("Birds", "Tringa guttifer", "(Nordmann, 1835)", "청다리도요사촌", "Scolopacidae", "I", "I", "I", cites="I", red_list="CR"),
    _r("Birds", "Dryocopus javensis", "(Horsfield, 1821)", "크낙새", "Picidae", "I", "I", "I", red_list="RE", natural_monument=True),
    _r("Birds", "Ciconia boyciana", "Swinhoe, 1873", "황새", "Ciconiidae", "I", "I", "I", cites="I", red_list="EN", natural_monument=True),
    _r("Birds", "Haliaeetus albicilla", "(Linnaeus, 1758)", "흰꼬리수리", "Accipitridae", "I", "I", "I", cites="I", red_list="VU", natural_monument=True),
    _r("Birds", "Platalea minor", "Temminck & Schlegel, 1849", "저어새", "Threskiornithidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Birds", "Cygnus olor", "(Gmelin, 1789)", "혹고니", "Anatidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Birds", "Calidris pygmaea", "(Linnaeus, 1758)", "넓적부리도요", "Scolopacidae", "II", "I", "I", red_list="CR"),
    _r("Birds", "Mergus squamatus", "Gould, 1864", "호사비오리", "Anatidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Birds", "Ciconia nigra", "(Linnaeus, 1758)", "먹황새", "Ciconiidae", "I", "I", "I", cites="II", red_list="RE", natural_monument=True),
    _r("Birds", "Thalasseus bernsteini", "(Schlegel, 1863)", "뿔제비갈매기", "Laridae", "-", "-", "I", red_list="CR"),
    _r("Birds", "Cygnus columbianus", "(Ord, 1815)", "고니", "Anatidae", "II", "II", "I", red_list="VU", natural_monument=True),
    _r("Birds", "Otis tarda", "Linnaeus, 1758", "느시", "Otididae", "II", "II", "I", cites="II", red_list="CR", natural_monument=True),
    _r("Birds", "Aythya baeri", "(Radde, 1863)", "적갈색흰죽지", "Anatidae", red_list="CR"),
    _r("Birds", "Gorsachius goisagi", "(Temminck, 1836)", "붉은해오라기", "Ardeidae", "-", "II", "II", red_list="CR"),
    _r("Birds", "Galerida cristata", "(Linnaeus, 1758)", "뿔종다리", "Alaudidae", "-", "II", "II", red_list="CR"),
    _r("Birds", "Columba rupestris", "Pallas, 1811", "양비둘기", "Columbidae", "-", "II", "II", red_list="CR"),
    _r("Birds", "Anser cygnoides", "(Linnaeus, 1758)", "개리", "Anatidae", "II", "II", "II", red_list="EN", natural_monument=True),
    _r("Birds", "Chroicocephalus saundersi", "(Swinhoe, 1871)", "검은머리갈매기", "Laridae", "II", "II", "II", red_list="VU"),
    _r("Birds", "Haematopus ostralegus", "Linnaeus, 1758", "검은머리물떼새", "Haematopodidae", "II", "II", "II", red_list="NT", natural_monument=True),
    _r("Birds", "Grus grus", "(Linnaeus, 1758)", "검은목두루미", "Gruidae", "II", "II", "II", cites="II", red_list="EN"),
    _r("Birds", "Grus monacha", "Temminck, 1835", "흑두루미", "Gruidae", "II", "II", "II", cites="I", red_list="VU", natural_monument=True),
    _r("Birds", "Grus vipio", "Pallas, 1811", "재두루미", "Gruidae", "II", "II", "II", cites="I", red_list="VU", natural_monument=True),
    _r("Birds", "Grus leucogeranus", "Pallas, 1773", "시베리아흰두루미", "Gruidae", "-", "-", "II", cites="I", red_list="NA"),
    _r("Birds", "Platalea leucorodia", "Linnaeus, 1758", "노랑부리저어새", "Threskiornithidae", "II", "II", "II", cites="II", red_list="VU", natural_monument=True),
    _r("Birds", "Cygnus cygnus", "(Linnaeus, 1758)", "큰고니", "Anatidae", "II", "II", "II", red_list="NT", natural_monument=True),
    _r("Birds", "Pitta nympha", "Temminck & Schlegel, 1850", "팔색조", "Pittidae", "II", "II", "II", cites="II", red_list="VU", natural_monument=True),
    _r("Birds", "Accipiter soloensis", "(Horsfield, 1821)", "붉은배새매", "Accipitridae", "II", "II", "II", cites="II", red_list="LC", natural_monument=True),
    _r("Birds", "Bubo bubo", "(Linnaeus, 1758)", "수리부엉이", "Strigidae", "II", "II", "II", cites="II", red_list="NT", natural_monument=True),
    _r("Birds", "Strix aluco", "Linnaeus, 1758", "올빼미", "Strigidae", "II", "II", "II", cites="II", red_list="NT", natural_monument=True),
    _r("Birds", "Milvus migrans", "(Boddaert, 1783)", "솔개", "Accipitridae", "II", "II", "II", cites="II", red_list="VU"),
    _r("Birds", "Charadrius placidus", "Gray & Gray, 1863", "흰목물떼새", "Charadriidae", "II", "II", "II", red_list="VU"),
    _r("Birds", "Numenius madagascariensis", "(Linnaeus, 1766)", "알락꼬리마도요", "Scolopacidae", "II", "II", "II", red_list="EN"),
    _r("Birds", "Sternula albifrons", "(Pallas, 1764)", "쇠제비갈매기", "Laridae", "-", "-", "II", red_list="NT"),
    # Reptiles and amphibians (2018: 8 = I 2 + II 6)
    _r("Reptiles", "Sibynophis chinensis", "(Günther, 1889)", "비바리뱀", "Colubridae", "I", "I", "I", red_list="EN"),
    _r("Reptiles", "Elaphe schrenckii", "Strauch, 1873", "구렁이", "Colubridae", "II", "II", "II", red_list="VU"),
    _r("Reptiles", "Mauremys reevesii", "(Gray, 1831)", "남생이", "Geoemydidae", "II", "II", "II", red_list="EN", natural_monument=True),
    _r("Reptiles", "Eremias argus", "Peters, 1869", "표범장지뱀", "Lacertidae", "II", "II", "II", red_list="VU"),
    _r("Amphibians", "Dryophytes suweonensis", "(Kuramoto, 1980)", "수원청개구리", "Hylidae", "II", "I", "I", endemic=True, red_list="EN"),
    _r("Amphibians", "Pelophylax chosenicus", "(Okada, 1931)", "금개구리", "Ranidae", "II", "II", "II", endemic=True, red_list="VU"),
    _r("Amphibians", "Kaloula borealis", "(Barbour, 1908)", "맹꽁이", "Microhylidae", "II", "II", "II", red_list="LC"),
    _r("Amphibians", "Hynobius yangi", "Kim, Min & Matsui, 2003", "고리도롱뇽", "Hynobiidae", "II", "II", "II", endemic=True, red_list="EN"),
    _r("Amphibians", "Karsenia koreana", "Min, Yang, Bonett, Vieites, Brandon & Wake, 2005", "이끼도롱뇽", "Plethodontidae", endemic=True, red_list="NT"),
    # Fishes (2018: I 11; CR in 2019 per §2.2: 남방동사리, 부안종개, 여울마자, 좀수수치)
    _r("Fishes", "Pseudopungtungia nigra", "Mori, 1935", "감돌고기", "Gobionidae", "I", "I", "I", endemic=True, red_list="EN"),
    _r("Fishes", "Pseudobagrus brevicorpus", "(Mori, 1936)", "꼬치동자개", "Bagridae", "I", "I", "I", endemic=True, red_list="EN", natural_monument=True),
    _r("Fishes", "Cobitis choii", "Kim & Son, 1984", "미호종개", "Cobitidae", "I", "I", "I", endemic=True, red_list="EN", natural_monument=True),
    _r("Fishes", "Koreocobitis naktongensis", "Kim, Park & Nalbant, 2000", "얼룩새코미꾸리", "Cobitidae", "I", "I", "I", endemic=True, red_list="EN"),
    _r("Fishes", "Gobiobotia naktongensis", "Mori, 1935", "흰수마자", "Gobionidae", "I", "I", "I", endemic=True, red_list="EN"),
    _r("Fishes", "Microphysogobio rapidus", "Chae & Yang, 1999", "여울마자", "Gobionidae", "I", "I", "I", endemic=True, red_list="CR"),
    _r("Fishes", "Liobagrus obesus", "Son, Kim & Choo, 1987", "퉁사리", "Amblycipitidae", "I", "I", "I", endemic=True, red_list="EN"),
    _r("Fishes", "Odontobutis obscura", "(Temminck & Schlegel, 1845)", "남방동사리", "Odontobutidae", "I", "I", "I", red_list="CR"),
    _r("Fishes", "Iksookimia pumila", "(Kim & Lee, 1987)", "부안종개", "Cobitidae", "I", "I", "I", endemic=True, red_list="CR"),
    _r("Fishes", "Kichulchoia brevifasciata", "(Kim & Lee, 1995)", "좀수수치", "Cobitidae", "-", "I", "I", endemic=True, red_list="CR"),
    _r("Fishes", "Acheilognathus somjinensis", "Kim & Kim, 1991", "임실납자루", "Acheilognathidae", "-", "I", "I", endemic=True, red_list="EN"),
    _r("Fishes", "Culter brevicauda", "Günther, 1868", "백조어", "Xenocyprididae", "II", "II", "-", red_list="NT"),
    _r("Fishes", "Hemibarbus mylodon", "(Berg, 1907)", "어름치", "Gobionidae", "II", "II", "II", endemic=True, red_list="VU", natural_monument=True),
    _r("Fishes", "Brachymystax lenok tsinlingensis", "Li, 1966", "열목어", "Salmonidae", "II", "II", "II", red_list="VU", natural_monument=True),
    _r("Fishes", "Coreoperca kawamebari", "(Temminck & Schlegel, 1843)", "꺽저기", "Sinipercidae", "II", "II", "II", red_list="VU"),
    _r("Fishes", "Pungitius sinensis", "(Guichenot, 1869)", "가시고기", "Gasterosteidae", "II", "II", "II", red_list="VU"),
    _r("Fishes", "Cottus hangiongensis", "Mori, 1930", "한둑중개", "Cottidae", "II", "II", "II", red_list="VU"),
    # Insects (2018: I 6)
    _r("Insects", "Callipogon relictus", "Semenov, 1899", "장수하늘소", "Cerambycidae", "I", "I", "I", red_list="CR", natural_monument=True),
    _r("Insects", "Parnassius bremeri", "Bremer, 1864", "붉은점모시나비", "Papilionidae", "I", "I", "I", red_list="EN"),
    _r("Insects", "Polyphylla laticollis manchurica", "Semenov, 1900", "수염풍뎅이", "Scarabaeidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Insects", "Hipparchia autonoe", "(Esper, 1783)", "산굴뚝나비", "Nymphalidae", "I", "I", "I", red_list="EN", natural_monument=True),
    _r("Insects", "Aporia crataegi", "(Linnaeus, 1758)", "상제나비", "Pieridae", "I", "I", "I", red_list="RE"),
    _r("Insects", "Prosopocoilus astacoides blanchardi", "(Parry, 1873)", "두점박이사슴벌레", "Lucanidae", "II", "I", "I", red_list="EN"),
    _r("Insects", "Kirkaldyia deyrolli", "(Vuillefroy, 1864)", "물장군", "Belostomatidae", "II", "II", "II", red_list="VU"),
    _r("Insects", "Copris tripartitus", "Waterhouse, 1875", "애기뿔소똥구리", "Scarabaeidae", "II", "II", "II", red_list="VU"),
    _r("Insects", "Nannophya pygmaea", "Rambur, 1842", "꼬마잠자리", "Libellulidae", "II", "II", "II", red_list="VU"),
    _r("Insects", "Libellula angelina", "Selys, 1883", "대모잠자리", "Libellulidae", "II", "II", "II", red_list="EN"),
    _r("Insects", "Fabriciana nerippe", "(C. & R. Felder, 1862)", "왕은점표범나비", "Nymphalidae", "II", "II", "II", red_list="VU"),
    _r("Insects", "Cigaritis takanonis", "(Matsumura, 1906)", "쌍꼬리부전나비", "Lycaenidae", "II", "II", "II", red_list="EN"),
    _r("Insects", "Abroscelis anchoralis", "(Chevrolat, 1845)", "닻무늬길앞잡이", "Cicindelidae", "II", "II", "I", red_list="CR"),
    _r("Insects", "Shijimiaeoides divina", "(Fixsen, 1887)", "큰홍띠점박이푸른부전나비", "Lycaenidae", "II", "II", "I", red_list="CR"),
    _r("Insects", "Chalinga pratti", "(Leech, 1890)", "홍줄나비", "Nymphalidae", "-", "-", "II", red_list="EN"),
    _r("Insects", "Burara aquilina", "(Speyer, 1879)", "큰수리팔랑나비", "Hesperiidae", red_list="RE"),
    # Other invertebrates (2018: I 4)
    _r("Other invertebrates", "Cristaria plicata", "(Leach, 1815)", "귀이빨대칭이", "Unionidae", "I", "I", "I", red_list="EN"),
    _r("Other invertebrates", "Charonia lampas", "(Linnaeus, 1758)", "나팔고둥", "Charoniidae", "I", "I", "I", red_list="EN"),
    _r("Other invertebrates", "Lamprotula leai", "(Griffith & Pidgeon, 1833)", "두드럭조개", "Unionidae", "I", "I", "I", red_list="CR"),
    _r("Other invertebrates", "Plumarella adhaerans", "Nutting, 1912", "착생깃산호", "Primnoidae", "II", "I", "I", red_list="EN"),
    _r("Other invertebrates", "Pseudohelice subquadrata", "(Dana, 1851)", "남방방게", "Varunidae", "II", "II", "II", red_list="VU"),
    _r("Other invertebrates", "Ellobium chinense", "(L. Pfeiffer, 1856)", "대추귀고둥", "Ellobiidae", "II", "II", "II", red_list="VU"),
    _r("Other invertebrates", "Sesarmops intermedius", "(De Haan, 1835)", "붉은발말똥게", "Sesarmidae", "II", "II", "II", red_list="VU"),
    # Vascular plants (2018: I 11)
    _r("Vascular plants", "Cypripedium japonicum", "Thunb.", "광릉요강꽃", "Orchidaceae", "I", "I", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Sedirea japonica", "(Linden & Rchb.f.) Garay & H.R.Sweet", "나도풍란", "Orchidaceae", "I", "I", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Neofinetia falcata", "(Thunb.) Hu", "풍란", "Orchidaceae", "I", "I", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Euchresta japonica", "Hook.f. ex Regel", "만년콩", "Fabaceae", "I", "I", "I", red_list="EN"),
    _r("Vascular plants", "Cotoneaster wilsonii", "Nakai", "섬개야광나무", "Rosaceae", "I", "I", "I", endemic=True, red_list="CR"),
    _r("Vascular plants", "Diapensia lapponica var. obovata", "F.Schmidt", "암매", "Diapensiaceae", "I", "I", "I", red_list="EN"),
    _r("Vascular plants", "Leontopodium hallaisanense", "Hand.-Mazz.", "한라솜다리", "Asteraceae", "II", "I", "I", endemic=True, red_list="CR"),
    _r("Vascular plants", "Cypripedium macranthos", "Sw.", "털복주머니란", "Orchidaceae", "I", "I", "I", cites="II", red_list="EN"),
    _r("Vascular plants", "Cymbidium lancifolium", "Hook.", "죽백란", "Orchidaceae", "I", "I", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Gastrochilus fuscopunctatus", "(Hayata) Hayata", "금자란", "Orchidaceae", "I", "I", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Thrixspermum japonicum", "(Miq.) Rchb.f.", "비자란", "Orchidaceae", "II", "I", "I", cites="II", red_list="EN"),
    _r("Vascular plants", "Euryale ferox", "Salisb.", "가시연", "Nymphaeaceae", "II", "II", "II", red_list="VU"),
    _r("Vascular plants", "Ranunculus kadzusensis", "Makino", "매화마름", "Ranunculaceae", "II", "II", "II", red_list="VU"),
    _r("Vascular plants", "Aster altaicus var. uchiyamae", "Kitam.", "단양쑥부쟁이", "Asteraceae", "II", "II", "II", endemic=True, red_list="EN"),
    _r("Vascular plants", "Echinosophora koreensis", "(Nakai) Nakai", "개느삼", "Fabaceae", "II", "II", "II", endemic=True, red_list="VU"),
    _r("Vascular plants", "Bupleurum latissimum", "Nakai", "섬시호", "Apiaceae", "II", "II", "II", endemic=True, red_list="EN"),
    _r("Vascular plants", "Iris ruthenica", "Ker Gawl.", "솔붓꽃", "Iridaceae", "II", "II", "-", red_list="LC"),
    _r("Vascular plants", "Hibiscus hamabo", "Siebold & Zucc.", "황근", "Malvaceae", "II", "II", "-", red_list="NT"),
    _r("Vascular plants", "Astilboides tabularis", "(Hemsl.) Engl.", "개병풍", "Saxifragaceae", "II", "II", "-", red_list="NT"),
    _r("Vascular plants", "Mankyua chejuensis", "B.Y.Sun, M.H.Kim & C.H.Kim", "제주고사리삼", "Ophioglossaceae", "II", "II", "I", endemic=True, red_list="CR"),
    _r("Vascular plants", "Gastrochilus japonicus", "(Makino) Schltr.", "탐라란", "Orchidaceae", "II", "II", "I", cites="II", red_list="CR"),
    _r("Vascular plants", "Abies koreana", "E.H.Wilson", "구상나무", "Pinaceae", endemic=True, red_list="EN"),
    _r("Vascular plants", "Abeliophyllum distichum", "Nakai", "미선나무", "Oleaceae", endemic=True, red_list="VU", natural_monument=True),
    _r("Vascular plants", "Hanabusaya asiatica", "(Nakai) Nakai", "금강초롱꽃", "Campanulaceae", endemic=True, red_list="LC"),
    _r("Vascular plants", "Corylopsis coreana", "Uyeki", "히어리", "Hamamelidaceae", endemic=True, red_list="LC"),
    _r("Vascular plants", "Panax ginseng", "C.A.Mey.", "인삼", "Araliaceae", cites="II", red_list="DD"),
    # Algae and fungi (2018: seaweeds 2 II; higher fungi 1 II)
    _r("Algae", "Coccophora langsdorfii", "(Turner) Greville", "삼나무말", "Sargassaceae", "II", "II", "II", red_list="EN"),
    _r("Algae", "Dictyosphaeria cavernosa", "(Forsskål) Børgesen", "그물공말", "Siphonocladaceae", "II", "II", "II", red_list="VU"),
    _r("Fungi", "Omphalotus guepiniiformis", "(Berk.) Neda", "화경솔밭버섯", "Omphalotaceae", "II", "II", "II", red_list="VU"),
)

# Composition of the 2018 endangered list by group (§2.3: Total, I, II) and of the 2012 and 2022
# lists (totals 246 = I 51 + II 195 and 282 = I 68 + II 214). Herps are split reptiles/amphibians.
ENDANGERED_2018: dict[str, tuple[int, int]] = {  # group: (class I, class II)
    "Mammals": (12, 8), "Birds": (14, 49), "Reptiles": (1, 3), "Amphibians": (1, 3), "Fishes": (11, 16),
    "Insects": (6, 20), "Other invertebrates": (4, 28), "Vascular plants": (11, 77), "Algae": (0, 2), "Fungi": (0, 1),
}
ENDANGERED_TOTALS: dict[int, tuple[int, int]] = {2012: (51, 195), 2018: (60, 207), 2022: (68, 214)}
# Dates the lists took effect (Wildlife Act enforcement rule, Annex 1).
ENDANGERED_LIST_DATES: dict[int, str] = {2012: "2012-05-31", 2018: "2018-01-01", 2022: "2022-12-09"}

# --- ecosystem-disturbing species (§2.5) ------------------------------------------------------

# (year designated, group, scientific name, authorship, Korean name, family, rank). The years up to 2020
# are those of §2.5 (30 taxa by 2020); 2021–2024 additions reach the 34 (2022) and 40 (2024) totals
# and are illustrative picks.
ECOSYSTEM_DISTURBING: tuple[tuple[int, str, str, str, str, str, str], ...] = (
    (1998, "Amphibians", "Lithobates catesbeianus", "(Shaw, 1802)", "황소개구리", "Ranidae", "species"),
    (1998, "Fishes", "Lepomis macrochirus", "Rafinesque, 1819", "파랑볼우럭", "Centrarchidae", "species"),
    (1998, "Fishes", "Micropterus salmoides", "(Lacepède, 1802)", "큰입배스", "Centrarchidae", "species"),
    (1999, "Vascular plants", "Ambrosia artemisiifolia", "L.", "돼지풀", "Asteraceae", "species"),
    (1999, "Vascular plants", "Ambrosia trifida", "L.", "단풍잎돼지풀", "Asteraceae", "species"),
    (2001, "Reptiles", "Trachemys", "Agassiz, 1857", "붉은귀거북속 전종", "Emydidae", "genus"),
    (2002, "Vascular plants", "Ageratina altissima", "(L.) R.M.King & H.Rob.", "서양등골나물", "Asteraceae", "species"),
    (2002, "Vascular plants", "Paspalum distichum var. indutum", "Shinners", "털물참새피", "Poaceae", "variety"),
    (2002, "Vascular plants", "Paspalum distichum", "L.", "물참새피", "Poaceae", "species"),
    (2002, "Vascular plants", "Solanum carolinense", "L.", "도깨비가지", "Solanaceae", "species"),
    (2009, "Mammals", "Myocastor coypus", "(Molina, 1782)", "뉴트리아", "Echimyidae", "species"),
    (2009, "Vascular plants", "Rumex acetosella", "L.", "애기수영", "Polygonaceae", "species"),
    (2009, "Vascular plants", "Sicyos angulatus", "L.", "가시박", "Cucurbitaceae", "species"),
    (2009, "Vascular plants", "Hypochaeris radicata", "L.", "서양금혼초", "Asteraceae", "species"),
    (2009, "Vascular plants", "Symphyotrichum pilosum", "(Willd.) G.L.Nesom", "미국쑥부쟁이", "Asteraceae", "species"),
    (2009, "Vascular plants", "Solidago altissima", "L.", "양미역취", "Asteraceae", "species"),
    (2012, "Insects", "Lycorma delicatula", "(White, 1845)", "꽃매미", "Fulgoridae", "species"),
    (2012, "Vascular plants", "Lactuca serriola", "L.", "가시상추", "Asteraceae", "species"),
    (2016, "Vascular plants", "Spartina alterniflora", "Loisel.", "갯줄풀", "Poaceae", "species"),
    (2016, "Vascular plants", "Spartina anglica", "C.E.Hubb.", "영국갯끈풀", "Poaceae", "species"),
    (2018, "Insects", "Solenopsis invicta", "Buren, 1972", "붉은불개미", "Formicidae", "species"),
    (2019, "Insects", "Vespa velutina nigrithorax", "du Buysson, 1905", "등검은말벌", "Vespidae", "subspecies"),
    (2019, "Other invertebrates", "Procambarus clarkii", "(Girard, 1852)", "미국가재", "Cambaridae", "species"),
    (2019, "Insects", "Anoplolepis gracilipes", "(Smith, 1857)", "긴다리비틀개미", "Formicidae", "species"),
    (2020, "Reptiles", "Pseudemys concinna", "(Le Conte, 1830)", "리버쿠터", "Emydidae", "species"),
    (2020, "Reptiles", "Mauremys sinensis", "(Gray, 1834)", "중국줄무늬목거북", "Geoemydidae", "species"),
    (2020, "Insects", "Pochazia shantungensis", "(Chou & Lu, 1977)", "갈색날개매미충", "Ricaniidae", "species"),
    (2020, "Insects", "Metcalfa pruinosa", "(Say, 1830)", "미국선녀벌레", "Flatidae", "species"),
    (2020, "Insects", "Linepithema humile", "(Mayr, 1868)", "아르헨티나개미", "Formicidae", "species"),
    (2020, "Reptiles", "Pseudemys nelsoni", "Carr, 1938", "플로리다붉은배거북", "Emydidae", "species"),
    (2021, "Reptiles", "Chelydra serpentina", "(Linnaeus, 1758)", "늑대거북", "Chelydridae", "species"),
    (2021, "Reptiles", "Macrochelys temminckii", "(Troost, 1835)", "악어거북", "Chelydridae", "species"),
    (2022, "Vascular plants", "Pistia stratiotes", "L.", "물상추", "Araceae", "species"),
    (2022, "Vascular plants", "Cabomba caroliniana", "A.Gray", "카보바", "Cabombaceae", "species"),
    (2023, "Amphibians", "Rhinella marina", "(Linnaeus, 1758)", "사탕수수두꺼비", "Bufonidae", "species"),
    (2023, "Vascular plants", "Salvinia molesta", "D.S.Mitch.", "우단물개구리밥", "Salviniaceae", "species"),
    (2023, "Vascular plants", "Ludwigia grandiflora", "(Michx.) Greuter & Burdet", "큰꽃물앵초", "Onagraceae", "species"),
    (2024, "Other invertebrates", "Pomacea canaliculata", "(Lamarck, 1822)", "왕우렁이", "Ampullariidae", "species"),
    (2024, "Amphibians", "Xenopus laevis", "(Daudin, 1802)", "아프리카발톱개구리", "Pipidae", "species"),
    (2024, "Fishes", "Lepomis gibbosus", "(Linnaeus, 1758)", "호박씨선피쉬", "Centrarchidae", "species"),
)

# Species of concern for introduction (유입주의 생물), year-end totals (§2.5); gaps interpolated.
CONCERN_FOR_INTRODUCTION_TOTALS: dict[int, int] = {2015: 55, 2020: 200, 2021: 402, 2023: 707, 2024: 853, 2025: 1005}
# Alien species recorded in Korea (§2.5: 2,167 in 2013-14; 334 plants, 1,833 animals).
ALIEN_SPECIES_NATIONAL = 2167
ALIEN_GROUP_SHARES: dict[str, float] = {
    "Insects": 0.55, "Other invertebrates": 0.17, "Vascular plants": 0.154, "Fishes": 0.06, "Birds": 0.02,
    "Reptiles": 0.02, "Mammals": 0.01, "Amphibians": 0.006, "Fungi": 0.01,
}

# --- CITES-listed foreign species in Korea's trade (§2.6) -------------------------------------

# (scientific name, authorship, Korean name, group, family, appendix, listed since, earlier listing)
# The earlier listing is (appendix, from) when the species moved between appendices.
CITES_FOREIGN: tuple[tuple[str, str, str, str, str, str, str, tuple[str, str] | None], ...] = (
    ("Alligator mississippiensis", "(Daudin, 1802)", "미시시피악어", "Reptiles", "Alligatoridae", "II", "1979-06-28", ("I", "1975-07-01")),
    ("Crocodylus niloticus", "Laurenti, 1768", "나일악어", "Reptiles", "Crocodylidae", "II", "1983-08-01", ("I", "1975-07-01")),
    ("Crocodylus porosus", "Schneider, 1801", "바다악어", "Reptiles", "Crocodylidae", "II", "1985-08-01", ("I", "1979-06-28")),
    ("Caiman crocodilus", "(Linnaeus, 1758)", "안경카이만", "Reptiles", "Alligatoridae", "II", "1977-02-04", None),
    ("Malayopython reticulatus", "(Schneider, 1801)", "그물무늬비단뱀", "Reptiles", "Pythonidae", "II", "1977-02-04", None),
    ("Python bivittatus", "Kuhl, 1820", "버마비단뱀", "Reptiles", "Pythonidae", "II", "1977-02-04", None),
    ("Varanus salvator", "(Laurenti, 1768)", "물왕도마뱀", "Reptiles", "Varanidae", "II", "1977-02-04", None),
    ("Varanus niloticus", "(Linnaeus, 1766)", "나일왕도마뱀", "Reptiles", "Varanidae", "II", "1977-02-04", None),
    ("Salvator merianae", "Duméril & Bibron, 1839", "아르헨티나테구", "Reptiles", "Teiidae", "II", "1977-02-04", None),
    ("Python regius", "(Shaw, 1802)", "볼파이톤", "Reptiles", "Pythonidae", "II", "1977-02-04", None),
    ("Morelia viridis", "(Schlegel, 1872)", "그린트리파이톤", "Reptiles", "Pythonidae", "II", "1977-02-04", None),
    ("Boa constrictor imperator", "Daudin, 1803", "보아뱀", "Reptiles", "Boidae", "II", "1977-02-04", None),
    ("Chamaeleo calyptratus", "Duméril & Duméril, 1851", "베일드카멜레온", "Reptiles", "Chamaeleonidae", "II", "1977-02-04", None),
    ("Varanus exanthematicus", "(Bosc, 1792)", "사바나왕도마뱀", "Reptiles", "Varanidae", "II", "1977-02-04", None),
    ("Iguana iguana", "(Linnaeus, 1758)", "그린이구아나", "Reptiles", "Iguanidae", "II", "1977-02-04", None),
    ("Centrochelys sulcata", "(Miller, 1779)", "설카타육지거북", "Reptiles", "Testudinidae", "II", "1975-07-01", None),
    ("Chelonoidis carbonarius", "(Spix, 1824)", "레드풋육지거북", "Reptiles", "Testudinidae", "II", "1975-07-01", None),
    ("Testudo hermanni", "Gmelin, 1789", "헤르만육지거북", "Reptiles", "Testudinidae", "II", "1975-07-01", None),
    ("Testudo horsfieldii", "Gray, 1844", "러시아육지거북", "Reptiles", "Testudinidae", "II", "1975-07-01", None),
    ("Stigmochelys pardalis", "(Bell, 1828)", "레오파드육지거북", "Reptiles", "Testudinidae", "II", "1975-07-01", None),
    ("Astrochelys radiata", "(Shaw, 1802)", "방사거북", "Reptiles", "Testudinidae", "I", "1975-07-01", None),
    ("Geochelone elegans", "(Schoepff, 1795)", "인도별거북", "Reptiles", "Testudinidae", "I", "2019-11-26", ("II", "1975-07-01")),
    ("Psittacus erithacus", "Linnaeus, 1758", "회색앵무", "Birds", "Psittacidae", "I", "2017-01-02", ("II", "1981-06-06")),
    ("Ara ararauna", "(Linnaeus, 1758)", "청황금강앵무", "Birds", "Psittacidae", "II", "1981-06-06", None),
    ("Ara chloropterus", "Gray, 1859", "홍금강앵무", "Birds", "Psittacidae", "II", "1981-06-06", None),
    ("Cacatua goffiniana", "Roselaar & Michels, 2004", "고핀관앵무", "Birds", "Cacatuidae", "I", "1992-06-11", ("II", "1981-06-06")),
    ("Cacatua alba", "(Statius Müller, 1776)", "흰관앵무", "Birds", "Cacatuidae", "II", "1981-06-06", None),
    ("Eclectus roratus", "(Statius Müller, 1776)", "뉴기니아앵무", "Birds", "Psittaculidae", "II", "1981-06-06", None),
    ("Amazona aestiva", "(Linnaeus, 1758)", "청이마아마존앵무", "Birds", "Psittacidae", "II", "1981-06-06", None),
    ("Agapornis fischeri", "Reichenow, 1887", "피셔모란앵무", "Birds", "Psittaculidae", "II", "1981-06-06", None),
    ("Scleropages formosus", "(Müller & Schlegel, 1840)", "아시아아로와나", "Fishes", "Osteoglossidae", "I", "1975-07-01", None),
    ("Acipenser baerii", "Brandt, 1869", "시베리아철갑상어", "Fishes", "Acipenseridae", "II", "1998-04-01", None),
    ("Acipenser gueldenstaedtii", "Brandt & Ratzeburg, 1833", "러시아철갑상어", "Fishes", "Acipenseridae", "II", "1998-04-01", None),
    ("Acipenser schrenckii", "Brandt, 1869", "아무르철갑상어", "Fishes", "Acipenseridae", "II", "1998-04-01", None),
    ("Acropora millepora", "(Ehrenberg, 1834)", "사슴뿔산호", "Other invertebrates", "Acroporidae", "II", "1985-08-01", None),
    ("Euphyllia ancora", "Veron & Pichon, 1980", "망치산호", "Other invertebrates", "Euphylliidae", "II", "1985-08-01", None),
    ("Heliofungia actiniformis", "(Quoy & Gaimard, 1833)", "버섯산호", "Other invertebrates", "Fungiidae", "II", "1985-08-01", None),
    ("Tubipora musica", "Linnaeus, 1758", "파이프오르간산호", "Other invertebrates", "Tubiporidae", "II", "1985-08-01", None),
    ("Panthera leo", "(Linnaeus, 1758)", "사자", "Mammals", "Felidae", "II", "1977-02-04", None),
    ("Loxodonta africana", "(Blumenbach, 1797)", "아프리카코끼리", "Mammals", "Elephantidae", "I", "1990-01-18", ("II", "1977-02-04")),
    ("Equus zebra hartmannae", "Matschie, 1898", "하트만산얼룩말", "Mammals", "Equidae", "II", "1979-06-28", None),
    ("Giraffa camelopardalis", "(Linnaeus, 1758)", "기린", "Mammals", "Giraffidae", "II", "2019-11-26", None),
    ("Ursus arctos", "Linnaeus, 1758", "불곰", "Mammals", "Ursidae", "II", "1977-02-04", None),
    ("Saimiri sciureus", "(Linnaeus, 1758)", "다람쥐원숭이", "Mammals", "Cebidae", "II", "1977-02-04", None),
    ("Callithrix jacchus", "(Linnaeus, 1758)", "커먼마모셋", "Mammals", "Callitrichidae", "II", "1977-02-04", None),
    ("Phalaenopsis amabilis", "(L.) Blume", "호접란", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Dendrobium nobile", "Lindl.", "덴드로비움", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Cymbidium sinense", "(Jacks. ex Andrews) Willd.", "보세란", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Paphiopedilum insigne", "(Wall. ex Lindl.) Pfitzer", "파피오페딜룸", "Vascular plants", "Orchidaceae", "I", "1990-01-18", ("II", "1975-07-01")),
    ("Vanda coerulea", "Griff. ex Lindl.", "반다", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Oncidium sphacelatum", "Lindl.", "온시디움", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Gastrodia elata", "Blume", "천마", "Vascular plants", "Orchidaceae", "II", "1975-07-01", None),
    ("Aquilaria malaccensis", "Lam.", "침향나무", "Vascular plants", "Thymelaeaceae", "II", "1995-02-16", None),
    ("Panax quinquefolius", "L.", "미국삼", "Vascular plants", "Araliaceae", "II", "1975-07-01", None),
    ("Saussurea costus", "(Falc.) Lipsch.", "목향", "Vascular plants", "Asteraceae", "I", "1985-08-01", ("II", "1975-07-01")),
)
