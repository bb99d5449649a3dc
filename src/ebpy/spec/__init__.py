"""Specs: what an object declares (programs, maps, types), before anything is loaded."""

from ebpy.spec.collection_spec import ENGINES, CollectionSpec, Variables
from ebpy.spec.map_spec import DataVariable, MapSpec
from ebpy.spec.program_spec import CoreRelocation, FuncInfo, LineInfo, MapReference, ProgramSpec
from ebpy.spec.run import RunResult
from ebpy.spec.sections import SectionMatch, match_section
from ebpy.spec.types import AttachType, MapFlags, MapType, PinType, ProgramType, UpdateFlags

__all__ = [
    "ENGINES",
    "AttachType",
    "CollectionSpec",
    "CoreRelocation",
    "DataVariable",
    "FuncInfo",
    "LineInfo",
    "MapFlags",
    "MapReference",
    "MapSpec",
    "MapType",
    "PinType",
    "ProgramSpec",
    "ProgramType",
    "RunResult",
    "SectionMatch",
    "UpdateFlags",
    "Variables",
    "match_section",
]
