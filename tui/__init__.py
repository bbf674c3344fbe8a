"""Next Round: a calm terminal companion that walks a job seeker through rejections."""

__version__ = "0.1.0"
