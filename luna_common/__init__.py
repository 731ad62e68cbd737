"""Contracts shared by every LUNA service: settings, messages and the analysis record.

Services never import each other; they meet here.
"""
