"""A blank Streamlit page: the floor every page's render time is compared with."""

import streamlit as st

st.title("blank")
