"""All tables of the GBF Dashboard database; importing this module registers every model."""

from data_access.models import access, result_cache, snapshots  # noqa: F401 - register their tables
from data_access.models.animal_life_cycle import AnimalEvent, AnimalSpecimen, BreedingFacility, Holder
from data_access.models.base import Base
from data_access.models.benefit_sharing import (
    AccessPermit,
    BenefitSharingAgreement,
    MonetaryBenefit,
    NonMonetaryBenefit,
)
from data_access.models.cooperation import CapacityEvent, CooperationProject, MaterialTransfer, ProjectBudget
from data_access.models.imports import DataVersion, ImportBatch
from data_access.models.nbsap import (
    NbsapAction,
    NbsapActionGbfLink,
    NbsapActionIndicatorLink,
    ProgressReport,
    ProgressStatusOverride,
)
from data_access.models.occurrences import Occurrence, SourceDataset
from data_access.models.population_monitoring import Population, PopulationCount, PopulationDataset
from data_access.models.protected_areas import AdminBoundary, KeyBiodiversityArea, ProtectedArea
from data_access.models.red_list import AssessmentRound, RedListAssessment
from data_access.models.reference import (
    Authority,
    Country,
    GbfGoalTarget,
    GbfIndicator,
    GbfIndicatorTarget,
    NationalTarget,
    NationalTargetGbfLink,
)
from data_access.models.taxonomy import LegalStatus, Taxon
from data_access.models.wildlife_trade import (
    CitesPermit,
    CitesPermitLine,
    CitesShipment,
    CitesTradeRecord,
    TradeCase,
)

__all__ = [
    "AccessPermit",
    "AdminBoundary",
    "AnimalEvent",
    "AnimalSpecimen",
    "AssessmentRound",
    "Authority",
    "Base",
    "BenefitSharingAgreement",
    "BreedingFacility",
    "CapacityEvent",
    "CitesPermit",
    "CitesPermitLine",
    "CitesShipment",
    "CitesTradeRecord",
    "CooperationProject",
    "Country",
    "DataVersion",
    "GbfGoalTarget",
    "GbfIndicator",
    "GbfIndicatorTarget",
    "Holder",
    "ImportBatch",
    "KeyBiodiversityArea",
    "LegalStatus",
    "MaterialTransfer",
    "MonetaryBenefit",
    "NationalTarget",
    "NationalTargetGbfLink",
    "NbsapAction",
    "NbsapActionGbfLink",
    "NbsapActionIndicatorLink",
    "NonMonetaryBenefit",
    "Occurrence",
    "Population",
    "PopulationCount",
    "PopulationDataset",
    "ProgressReport",
    "ProgressStatusOverride",
    "ProjectBudget",
    "ProtectedArea",
    "RedListAssessment",
    "SourceDataset",
    "Taxon",
    "TradeCase",
]
