"""The open-data endpoints of our own: principles and published comments.

Registered in the API router by portal.api.urls; the rule for what is public
lives in feedback.selectors_open_data.
"""
