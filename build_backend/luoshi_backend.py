"""setuptools' build backend, less its "Editable installation" notice.

`pip install -e .` of a package whose folder is not named after it (generators/ is
`luoshi`, tools/ is `luoshi_tools`) makes setuptools always print, as a warning, the
advice that a working-directory folder named like the package would shadow it. This
project has no such folder, and a notice printed on every install hides real warnings;
every other setuptools warning is still shown.
"""

import warnings

from setuptools.build_meta import *  # noqa: F403 - the PEP 517 hooks, unchanged
from setuptools.warnings import InformationOnly

warnings.filterwarnings("ignore", message="Editable installation", category=InformationOnly)
