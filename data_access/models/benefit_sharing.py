"""Access and benefit-sharing (Nagoya Protocol): access reports/permits, IRCCs, agreements, benefits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class AccessPermit(ImportedMixin, Base):
    """An access report, compliance report, export approval or PIC permit, with its IRCC."""

    __tablename__ = "access_permit"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference_no: Mapped[str] = mapped_column(String(60), unique=True)
    # access_report | compliance_report | export_approval | pic_permit
    kind: Mapped[str] = mapped_column(String(30))
    ircc_id: Mapped[str | None] = mapped_column(String(60), unique=True)  # ABSCH-IRCC-XX-NNNNNN-1
    provider_country: Mapped[str] = mapped_column(String(2))
    user_country: Mapped[str] = mapped_column(String(2))
    user_name: Mapped[str | None] = mapped_column(String(200))
    resource_description: Mapped[str | None] = mapped_column(Text)
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"))
    purpose: Mapped[str | None] = mapped_column(String(20))  # commercial | non_commercial
    issued_on: Mapped[dt.date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, index=True)


class BenefitSharingAgreement(ImportedMixin, Base):
    """Mutually agreed terms between a provider and a user of genetic resources."""

    __tablename__ = "benefit_sharing_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_no: Mapped[str] = mapped_column(String(60), unique=True)
    access_permit_id: Mapped[int | None] = mapped_column(ForeignKey("access_permit.id"))
    partner_name: Mapped[str] = mapped_column(String(200))
    partner_country: Mapped[str] = mapped_column(String(2))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)


class MonetaryBenefit(ImportedMixin, Base):
    """Money received under an agreement in one year; the exchange rate is stored with it."""

    __tablename__ = "monetary_benefit"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("benefit_sharing_agreement.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(30))  # upfront | milestone | royalty | licence_fee | research_funding
    amount: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    usd_per_unit: Mapped[float] = mapped_column(Float)  # rate used to normalise to USD
    krw_per_unit: Mapped[float] = mapped_column(Float)


class NonMonetaryBenefit(ImportedMixin, Base):
    __tablename__ = "non_monetary_benefit"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("benefit_sharing_agreement.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    # joint_research | training | technology_transfer | data_sharing | co_authorship | access_to_collections
    benefit_type: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
